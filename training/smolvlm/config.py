"""Config dataclasses mirroring HF config.json for SmolVLM (model_type `smolvlm`).

Defaults are the HF class defaults (transformers SmolVLMVisionConfig / LlamaConfig / SmolVLMConfig), so a
config.json that leaves a key out loads the way HF loads it (model-architectures.md A1 loader rule).
"""
import json
from dataclasses import dataclass, field, fields, asdict
from typing import Optional


@dataclass
class VisionConfig:
    hidden_size: int = 1152
    intermediate_size: int = 3072
    num_hidden_layers: int = 12
    num_attention_heads: int = 16
    num_channels: int = 3
    image_size: int = 224
    patch_size: int = 32
    hidden_act: str = "gelu_pytorch_tanh"
    layer_norm_eps: float = 1e-6

    def __post_init__(self):
        if self.hidden_size % self.num_attention_heads:
            raise ValueError(f"vision hidden_size {self.hidden_size} not divisible by heads {self.num_attention_heads}")
        if self.image_size % self.patch_size:
            raise ValueError(f"vision image_size {self.image_size} not divisible by patch_size {self.patch_size}")
        if self.hidden_act != "gelu_pytorch_tanh":
            raise ValueError(f"vision hidden_act {self.hidden_act!r} not supported")

    @property
    def patches_per_side(self) -> int:
        return self.image_size // self.patch_size


@dataclass
class TextConfig:
    hidden_size: int = 4096
    intermediate_size: int = 11008
    num_hidden_layers: int = 32
    num_attention_heads: int = 32
    num_key_value_heads: Optional[int] = None  # None -> = num_attention_heads (LlamaConfig)
    head_dim: Optional[int] = None  # None -> hidden_size // num_attention_heads
    rms_norm_eps: float = 1e-6
    rope_theta: float = 10000.0
    vocab_size: int = 32000
    max_position_embeddings: int = 2048
    hidden_act: str = "silu"

    def __post_init__(self):
        if self.num_key_value_heads is None:
            self.num_key_value_heads = self.num_attention_heads
        if self.head_dim is None:
            self.head_dim = self.hidden_size // self.num_attention_heads
        if self.num_attention_heads % self.num_key_value_heads:
            raise ValueError(f"text heads {self.num_attention_heads} not a multiple of kv heads {self.num_key_value_heads}")
        if self.head_dim % 2:
            raise ValueError(f"text head_dim {self.head_dim} must be even for RoPE")
        if self.hidden_act != "silu":
            raise ValueError(f"text hidden_act {self.hidden_act!r} not supported")


def _from_dict(cls, d: dict):
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class SmolVLMConfig:
    vision_config: VisionConfig = field(default_factory=VisionConfig)
    text_config: TextConfig = field(default_factory=TextConfig)
    scale_factor: int = 2
    image_token_id: int = 128257
    tie_word_embeddings: bool = False

    def __post_init__(self):
        n = self.vision_config.patches_per_side
        if n % self.scale_factor:
            raise ValueError(f"patches per side {n} not divisible by scale_factor {self.scale_factor}")

    @property
    def image_seq_len(self) -> int:
        return (self.vision_config.patches_per_side // self.scale_factor) ** 2

    @staticmethod
    def from_dict(d: dict) -> "SmolVLMConfig":
        if d.get("model_type") != "smolvlm":
            raise ValueError(f"config model_type {d.get('model_type')!r} is not 'smolvlm'")
        return SmolVLMConfig(
            vision_config=_from_dict(VisionConfig, d.get("vision_config", {})),
            text_config=_from_dict(TextConfig, d.get("text_config", {})),
            scale_factor=d.get("scale_factor", 2),
            image_token_id=d.get("image_token_id", 128257),
            tie_word_embeddings=d.get("tie_word_embeddings", False),
        )

    @staticmethod
    def load(path: str) -> "SmolVLMConfig":
        with open(path) as f:
            return SmolVLMConfig.from_dict(json.load(f))

    def to_dict(self, omit_vision=(), omit_text=()) -> dict:
        """HF-shaped config.json dict; keys in omit_* are left out so the HF class defaults apply."""
        v = {k: x for k, x in asdict(self.vision_config).items() if k not in omit_vision}
        v["model_type"] = "smolvlm_vision"
        t = {k: x for k, x in asdict(self.text_config).items() if k not in omit_text}
        t["model_type"] = "llama"
        t["architectures"] = ["VLlama3ForCausalLM"]
        return {
            "architectures": ["SmolVLMForConditionalGeneration"],
            "model_type": "smolvlm",
            "image_token_id": self.image_token_id,
            "scale_factor": self.scale_factor,
            "tie_word_embeddings": self.tie_word_embeddings,
            "torch_dtype": "float32",
            "vision_config": dict(sorted(v.items())),
            "text_config": dict(sorted(t.items())),
        }
