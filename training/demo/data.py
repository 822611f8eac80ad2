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


def _transcript_span(mask):
    """(start, end) of the first target span when it is a transcript (longer than an answer), else None."""
    on = np.flatnonzero(mask)
    if len(on) == 0:
        return None
    end = on[0]
    while end < len(mask) and mask[end]:
        end += 1
    if end - on[0] <= 3:  # the first target is an answer: the transcript comes last
        return None
    return int(on[0]), int(end)


#: The text-only first turn that text_only() puts in place of the video turn: the prompt the Java chat template
#: renders for a user message holding only the describe request, up to the assistant's prefix.
TEXT_ONLY_HEADER = "<|im_start|>User: Describe the video.<end_of_utterance>\nAssistant:"


def text_only(sample, header_ids):
    """A transcript-first sample without its video: the first user turn holds only the describe request
    (header_ids, the tokens of TEXT_ONLY_HEADER), the transcript follows as given text (not a target) and the
    question/answer turns are unchanged, so the answers can only be read off the transcript. Half as many tokens as
    the sample with its frames and no vision tower: reading practice at about a fifth of the cost. Other samples
    come back unchanged. Used by train.py --read."""
    frames, ids, mask = sample
    span = _transcript_span(mask)
    if span is None:
        return sample
    start, end = span
    header = np.asarray(header_ids, dtype=ids.dtype)
    out_ids = np.concatenate([header, ids[start:]])
    out_mask = np.concatenate([np.zeros(len(header), dtype=mask.dtype), mask[start:]])
    out_mask[len(header):len(header) + end - start] = 0
    return frames[:0], out_ids, out_mask


def one_question(sample, header_ids, pick):
    """A transcript-first sample read text only (text_only), cut into single-question conversations: for each
    answer index k in pick, the describe request and the transcript followed by question turn k alone, so that
    the conversation is the one ask holds at inference (the description, then one question) and no earlier answer
    of the same video is in context to copy from. Returns a list (the input itself, alone, when the sample is not
    transcript-first). Used by train.py --one-question."""
    span = _transcript_span(sample[2])
    if span is None:
        return [sample]
    frames, ids, mask = text_only(sample, header_ids)
    t_end = len(header_ids) + span[1] - span[0]
    spans = runs(mask)  # the answer spans, in order
    out = []
    for k in pick:
        q_start = t_end if k == 0 else spans[k - 1][1]
        a_start, a_end = spans[k]
        one_ids = np.concatenate([ids[:t_end], ids[q_start:a_end]])
        one_mask = np.zeros(len(one_ids), dtype=mask.dtype)
        one_mask[t_end + a_start - q_start:] = 1
        out.append((frames, one_ids, one_mask))
    return out


def answer_count(sample):
    """How many answer spans follow the transcript of a transcript-first sample (0 for other samples)."""
    span = _transcript_span(sample[2])
    return 0 if span is None else len(runs(sample[2][span[1]:]))


def runs(mask):
    """[(start, end)] of the runs of ones in mask."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], np.asarray(mask, dtype=np.int8), [0]])))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def blind(sample):
    """A transcript-first sample with its frames blanked (black) and its transcript no longer a target: the answers
    that follow can then only be read off the transcript. Other samples (the first target span is a short answer)
    come back unchanged. Used by train.py --blind to teach a describe-first model to read its own description."""
    frames, ids, mask = sample
    span = _transcript_span(mask)
    if span is None:
        return sample
    m = np.array(mask, copy=True)
    m[span[0]:span[1]] = 0
    return np.zeros_like(frames), ids, m
