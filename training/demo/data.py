"""Reads the training shards written by `videollm4j make-data shards` (org.videollm4j.train.ShardBuilder)."""
import glob
import json
import os
import struct

import numpy as np
import torch

_DT = {"U8": np.uint8, "I32": np.int32, "I64": np.int64}


def read_shard(path: str):
    """name -> numpy array (memory-mapped), plus the metadata dict."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    meta = header.pop("__metadata__", {})
    mm = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    out = {}
    for name, t in header.items():
        a, b = t["data_offsets"]
        out[name] = mm[a:b].view(_DT[t["dtype"]]).reshape(t["shape"])
    return out, meta


class ShardSet:
    """All samples of the shards in one or more folders, addressable by a global index."""

    def __init__(self, folders):
        self.shards = []
        self.index = []  # (shard, sample)
        for folder in folders:
            files = sorted(glob.glob(os.path.join(folder, "shard-*.safetensors")))
            if not files:
                raise FileNotFoundError(f"{folder}: no shard-*.safetensors")
            for f in files:
                arrays, meta = read_shard(f)
                s = len(self.shards)
                self.shards.append(arrays)
                self.index.extend((s, i) for i in range(len(arrays["seeds"])))

    def __len__(self):
        return len(self.index)

    def sample(self, k: int):
        s, i = self.index[k]
        a = self.shards[s]
        f0, f1 = int(a["frame_offsets"][i]), int(a["frame_offsets"][i + 1])
        t0, t1 = int(a["token_offsets"][i]), int(a["token_offsets"][i + 1])
        return a["frames"][f0:f1], a["input_ids"][t0:t1], a["loss_mask"][t0:t1]


def collate(samples, pad_id: int):
    """-> pixel_values (frames, 3, M, M) float in [-1, 1], input_ids (B, L) long, labels (B, L) (-100 = no loss).

    Right padding: with a causal mask, pads after a sequence never change its real positions."""
    frames = np.concatenate([s[0] for s in samples], axis=0)  # (F, M, M, 3) u8
    px = torch.from_numpy(np.ascontiguousarray(frames)).permute(0, 3, 1, 2).float()
    px = (px - 127.5) / 127.5  # same normalisation as the Java processor
    L = max(len(s[1]) for s in samples)
    ids = torch.full((len(samples), L), pad_id, dtype=torch.long)
    labels = torch.full((len(samples), L), -100, dtype=torch.long)
    for b, (_, t, m) in enumerate(samples):
        t = torch.from_numpy(t.astype(np.int64))
        m = torch.from_numpy(m.astype(np.bool_))
        ids[b, :len(t)] = t
        lab = torch.full((len(t),), -100, dtype=torch.long)
        # the token at position i+1 is predicted at position i; keep it where it is a target
        lab[:-1] = torch.where(m[1:], t[1:], torch.full_like(t[1:], -100))
        labels[b, :len(t)] = lab
    return px, ids, labels


def blind(sample):
    """A transcript-first sample with its frames blanked (black) and its transcript no longer a target: the answers
    that follow can then only be read off the transcript. Other samples (the first target span is a short answer)
    come back unchanged. Used by train.py --blind to teach a describe-first model to read its own description."""
    frames, ids, mask = sample
    on = np.flatnonzero(mask)
    if len(on) == 0:
        return sample
    end = on[0]
    while end < len(mask) and mask[end]:
        end += 1
    if end - on[0] <= 3:  # the first target is an answer: the transcript comes last
        return sample
    m = np.array(mask, copy=True)
    m[on[0]:end] = 0
    return np.zeros_like(frames), ids, m
