"""Minimal safetensors reader/writer (the `safetensors` pip package is not available here).

Format (https://github.com/huggingface/safetensors README): 8-byte little-endian u64 header length N,
then N bytes of UTF-8 JSON {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}},
then the raw little-endian tensor bytes; offsets are relative to the end of the header.
The header is padded with spaces to a multiple of 8 so the data start is 8-byte aligned.
"""
import json
import os
import struct
import tempfile

import numpy as np
import torch

_TORCH_TO_ST = {
    torch.float32: "F32",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int64: "I64",
    torch.int32: "I32",
    torch.uint8: "U8",
}
_ST_TO_TORCH = {v: k for k, v in _TORCH_TO_ST.items()}
_ITEMSIZE = {"F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "U8": 1}


def _tensor_bytes(t: torch.Tensor) -> bytes:
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        # numpy has no bfloat16: reinterpret the same 2 bytes as int16 (little-endian host)
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def save_file(tensors: dict, path: str, metadata: dict = None) -> None:
    """Writes tensors (name -> torch.Tensor) sorted by name; atomic (temp file + rename)."""
    names = sorted(tensors)
    header = {"__metadata__": dict(metadata or {"format": "pt"})}
    blobs = []
    offset = 0
    for name in names:
        t = tensors[name]
        if t.dtype not in _TORCH_TO_ST:
            raise ValueError(f"{name}: unsupported dtype {t.dtype}")
        b = _tensor_bytes(t)
        header[name] = {"dtype": _TORCH_TO_ST[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    hjson = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hjson += b" " * ((8 - len(hjson) % 8) % 8)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".safetensors")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<Q", len(hjson)))
            f.write(hjson)
            for b in blobs:
                f.write(b)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_header(path: str):
    with open(path, "rb") as f:
        raw = f.read(8)
        if len(raw) != 8:
            raise ValueError(f"{path}: too short for a safetensors header")
        (n,) = struct.unpack("<Q", raw)
        size = os.path.getsize(path)
        if n > size - 8:
            raise ValueError(f"{path}: header length {n} exceeds file size {size}")
        header = json.loads(f.read(n).decode("utf-8"))
    return header, 8 + n


def load_file(path: str) -> dict:
    """Reads all tensors (name -> torch.Tensor, in the file's dtype)."""
    header, data_start = read_header(path)
    out = {}
    with open(path, "rb") as f:
        data = f.read()
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dt = info["dtype"]
        if dt not in _ST_TO_TORCH:
            raise ValueError(f"{path}: {name}: unsupported dtype {dt}")
        begin, end = info["data_offsets"]
        shape = info["shape"]
        count = int(np.prod(shape)) if shape else 1
        if end - begin != count * _ITEMSIZE[dt] or data_start + end > len(data):
            raise ValueError(f"{path}: {name}: data_offsets {info['data_offsets']} do not fit shape {shape}")
        buf = data[data_start + begin:data_start + end]
        if dt == "BF16":
            arr = np.frombuffer(buf, dtype="<i2").copy()
            t = torch.from_numpy(arr).view(torch.bfloat16)
        else:
            npdt = {"F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "U8": "u1"}[dt]
            t = torch.from_numpy(np.frombuffer(buf, dtype=npdt).copy())
        out[name] = t.reshape(shape)
    return out


def save_sharded(tensors: dict, folder: str, shards: int, metadata: dict = None) -> None:
    """HF-style sharded checkpoint: model-0000i-of-0000n.safetensors + model.safetensors.index.json."""
    names = sorted(tensors)
    per = (len(names) + shards - 1) // shards
    weight_map = {}
    total = 0
    for i in range(shards):
        part = names[i * per:(i + 1) * per]
        fname = f"model-{i + 1:05d}-of-{shards:05d}.safetensors"
        save_file({n: tensors[n] for n in part}, os.path.join(folder, fname), metadata)
        for n in part:
            weight_map[n] = fname
            total += tensors[n].numel() * tensors[n].element_size()
    index = {"metadata": {"total_size": total}, "weight_map": weight_map}
    with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
        json.dump(index, f, indent=2, sort_keys=True)
        f.write("\n")


def load_checkpoint(folder: str) -> dict:
    """Loads model.safetensors or, if absent, every shard named by model.safetensors.index.json."""
    single = os.path.join(folder, "model.safetensors")
    if os.path.exists(single):
        return load_file(single)
    with open(os.path.join(folder, "model.safetensors.index.json")) as f:
        index = json.load(f)
    out = {}
    for fname in sorted(set(index["weight_map"].values())):
        out.update(load_file(os.path.join(folder, fname)))
    return out
