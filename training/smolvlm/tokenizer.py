"""Tiny byte-level BPE: trainer, HF tokenizer.json writer, and an encoder that applies tokenizer.json the way
HF `tokenizers` does for SmolVLM's layout (model-architectures.md A12):

1. added (special) tokens are split out first, leftmost-longest, on the raw text (normalized=false);
2. pre-tokenizer Sequence[Split(\\p{N}, Isolated), ByteLevel(add_prefix_space=false, use_regex=true)]:
   every digit becomes its own piece, then each piece is cut by the GPT-2 regex;
3. each word's UTF-8 bytes are mapped through GPT-2 bytes_to_unicode and merged by BPE, lowest merge rank
   first (all occurrences of the best pair, left to right).
"""
import json
from collections import Counter
from typing import Dict, List, Sequence, Tuple

import regex

DIGIT_SPLIT = r"\p{N}"
GPT2_PATTERN = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"
_DIGIT_RE = regex.compile(DIGIT_SPLIT)
_GPT2_RE = regex.compile(GPT2_PATTERN)

# Order of the SmolVLM specials (A12): three at the start of the vocab, the image/utterance ones at the end.
HEAD_SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
TAIL_SPECIALS = (["<global-img>"] + [f"<row_{r}_col_{c}>" for r in range(1, 7) for c in range(1, 7)]
                 + ["<fake_token_around_image>", "<image>", "<end_of_utterance>"])


def bytes_to_unicode() -> Dict[int, str]:
    """GPT-2's reversible byte -> printable unicode char map."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_ENCODER = bytes_to_unicode()
BYTE_DECODER = {v: k for k, v in BYTE_ENCODER.items()}


def pre_tokenize(text: str) -> List[str]:
    """Split(\\p{N}, Isolated) then the GPT-2 regex on each piece; returns byte-mapped words."""
    pieces = []
    pos = 0
    for m in _DIGIT_RE.finditer(text):
        if m.start() > pos:
            pieces.append(text[pos:m.start()])
        pieces.append(m.group())
        pos = m.end()
    if pos < len(text):
        pieces.append(text[pos:])
    words = []
    for piece in pieces:
        for w in _GPT2_RE.findall(piece):
            words.append("".join(BYTE_ENCODER[b] for b in w.encode("utf-8")))
    return words


def _merge_word(symbols: Tuple[str, ...], pair: Tuple[str, str]) -> Tuple[str, ...]:
    out = []
    i = 0
    while i < len(symbols):
        if i + 1 < len(symbols) and symbols[i] == pair[0] and symbols[i + 1] == pair[1]:
            out.append(pair[0] + pair[1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


def train_bpe(corpus: str, num_merges: int) -> List[Tuple[str, str]]:
    """Classic BPE training on pre-tokenized words; ties broken by the smallest pair (deterministic)."""
    words = Counter(tuple(w) for w in pre_tokenize(corpus))
    merges = []
    for _ in range(num_merges):
        pairs = Counter()
        for w, n in words.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] += n
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        words = Counter({_merge_word(w, best): n for w, n in words.items()})
    return merges


def build_tokenizer_json(merges: Sequence[Tuple[str, str]]) -> dict:
    """tokenizer.json: ids 0-2 head specials, then the 256 byte symbols (byte order), then one token per merge,
    then the tail specials (added tokens only, like SmolVLM's 49152+ block)."""
    vocab = {}
    for t in HEAD_SPECIALS:
        vocab[t] = len(vocab)
    for b in range(256):
        vocab[BYTE_ENCODER[b]] = len(vocab)
    for a, b in merges:
        if a + b in vocab:
            raise ValueError(f"merge {a!r}+{b!r} duplicates a token")
        vocab[a + b] = len(vocab)
    added = []
    for t in HEAD_SPECIALS:
        added.append(vocab[t])
    next_id = len(vocab)
    added_tokens = [_added(vocab[t], t) for t in HEAD_SPECIALS]
    for i, t in enumerate(TAIL_SPECIALS):
        added_tokens.append(_added(next_id + i, t))
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added_tokens,
        "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": DIGIT_SPLIT}, "behavior": "Isolated", "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        ]},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": [f"{a} {b}" for a, b in merges]},
    }


def _added(i: int, content: str) -> dict:
    return {"id": i, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": False, "special": True}


class Tokenizer:
    """Encoder/decoder for a tokenizer.json of the layout above."""

    def __init__(self, tj: dict):
        model = tj["model"]
        if model["type"] != "BPE":
            raise ValueError(f"tokenizer model type {model['type']!r} is not BPE")
        self.vocab: Dict[str, int] = dict(model["vocab"])
        merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in model["merges"]]
        self.ranks = {m: i for i, m in enumerate(merges)}
        self.added = {t["content"]: t["id"] for t in tj["added_tokens"]}
        self.id_to_token = {i: t for t, i in self.vocab.items()}
        self.id_to_token.update({i: t for t, i in self.added.items()})
        alts = sorted(self.added, key=lambda s: (-len(s), s))  # longest first = leftmost-longest match
        self._added_re = regex.compile("|".join(regex.escape(a) for a in alts))
        self._cache = {}

    @staticmethod
    def load(path: str) -> "Tokenizer":
        with open(path, encoding="utf-8") as f:
            return Tokenizer(json.load(f))

    def token_id(self, token: str) -> int:
        return self.added[token] if token in self.added else self.vocab[token]

    def __len__(self):
        return max(self.id_to_token) + 1

    def _bpe(self, word: str) -> List[str]:
        if word in self._cache:
            return self._cache[word]
        symbols = tuple(word)
        while len(symbols) > 1:
            best = min(zip(symbols, symbols[1:]), key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            symbols = _merge_word(symbols, best)
        self._cache[word] = list(symbols)
        return self._cache[word]

    def encode(self, text: str) -> List[int]:
        ids = []
        pos = 0
        for m in self._added_re.finditer(text):
            ids.extend(self._encode_plain(text[pos:m.start()]))
            ids.append(self.added[m.group()])
            pos = m.end()
        ids.extend(self._encode_plain(text[pos:]))
        return ids

    def _encode_plain(self, text: str) -> List[int]:
        out = []
        if text:
            for word in pre_tokenize(text):
                out.extend(self.vocab[s] for s in self._bpe(word))
        return out

    def decode(self, ids: Sequence[int]) -> str:
        parts, buf = [], bytearray()
        for i in ids:
            t = self.id_to_token[i]
            if t in self.added:
                parts.append(buf.decode("utf-8", errors="replace"))
                buf = bytearray()
                parts.append(t)
            else:
                buf.extend(BYTE_DECODER[c] for c in t)
        parts.append(buf.decode("utf-8", errors="replace"))
        return "".join(parts)
