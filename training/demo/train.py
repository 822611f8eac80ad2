"""Trains the demo VideoLLM on Java-made shards (videollm4j make-data shards). Python only optimises.

Staged: each --phase NAME=FOLDER[+FOLDER...]:STEPS runs STEPS optimiser steps on those shards, in order (a
length curriculum: short clips with dense transcripts first, then the trained length). Checkpoints
(model + optimiser + step + RNG; the data position follows from the step) every --ckpt-every seconds to
RUN/ckpt.pt, atomically; --resume continues from it. Each checkpoint also exports the HF folder RUN/export.
"""
import argparse
import collections
import json
import math
import os
import re
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from smolvlm import tokenizer as tk  # noqa: E402
from smolvlm.config import SmolVLMConfig  # noqa: E402
from smolvlm.modeling import SmolVLMForConditionalGeneration  # noqa: E402
from demo.data import (TEXT_ONLY_HEADER, ShardSet, answer_count, blind, collate, one_question, runs,  # noqa: E402
                       text_only)
from demo.folder import write_folder  # noqa: E402
from demo import fast_attention  # noqa: E402


COLOUR_QUESTION = re.compile(r"User: What colour was the \w+\?<end_of_utterance>\nAssistant: (\w+)<end_of_utterance>$")
TRANSCRIPT_LINE = re.compile(r"(?:^|Assistant: )\d\d:\d\d (\w+) ", re.M)


def frequent_colour_answer(text):
    """True for a single-question conversation (decoded) that asks "What colour was the X?" and whose answer is
    the first word most often at the start of a transcript line (the most frequent colour; ties count)."""
    m = COLOUR_QUESTION.search(text)
    if m is None:
        return False
    counts = collections.Counter(w for w in TRANSCRIPT_LINE.findall(text) if w not in ("nothing", "digit", "letter",
                                                                                       "word"))
    return bool(counts) and counts[m.group(1)] == max(counts.values())


ASKED_COLOUR = re.compile(r"What colour was the (\w+)\?<end_of_utterance>\nAssistant:$")


def colour_lookups(row, targets, tok, colour_ids):
    """For a token row and its target positions: [(p, keys)] for every "What colour was the X?" answer after a
    transcript, p the position that predicts the answer's first token and keys the positions of X in the transcript
    where a colour comes right before it ("yellow star": the token that holds what precedes it, so a head there
    can fetch the colour). The transcript is everything up to the second end of turn (the describe turn first)."""
    eot = tok.token_id("<end_of_utterance>")
    ends = [i for i, t in enumerate(row) if t == eot]
    if len(ends) < 2:
        return []
    transcript_end = ends[1]
    out = []
    for p in sorted(t for t in targets if t - 1 not in targets and t > transcript_end):
        m = ASKED_COLOUR.search(tok.decode(row[max(0, p - 16):p + 1]))
        if m is None:
            continue
        shape = tok.encode(" " + m.group(1))
        if len(shape) != 1:
            continue
        keys = [i for i in range(1, transcript_end) if row[i] == shape[0] and row[i - 1] in colour_ids]
        if keys:
            out.append((p, keys))
    return out


def colour_ids(tok):
    """The token ids of the world's colour words (pretrain_vision.COLOURS) as a transcript line writes them, after a
    space."""
    from demo.pretrain_vision import COLOURS  # imported here: pretrain_vision imports this module
    return [tok.encode(" " + c)[0] for c in COLOURS]


def attend_loss(probs, lookups, head):
    """Mean over the colour lookups of -log(attention mass of head `head` from p on its keys); probs (B, heads, L, L),
    lookups[b] = colour_lookups of row b. None when the batch has none."""
    terms = [-torch.log(probs[b, head, p, keys].sum() + 1e-6) for b, ls in enumerate(lookups) for p, keys in ls]
    return torch.stack(terms).mean() if terms else None


def copy_loss(model, attention, lookups, head, labels):
    """Mean cross-entropy of the answer's first token read straight off head `head`'s contribution to the residual
    stream at p (its slice of o_proj, the final norm, the LM head: a logit lens), over the colour lookups: pushes the
    head to write the colour it fetched where the answer can use it. None when the batch has none."""
    terms = [F.cross_entropy(head_lens(model, attention, b, p, head)[None], labels[b, p][None])
             for b, ls in enumerate(lookups) for p, _ in ls]
    return torch.stack(terms).mean() if terms else None


def head_lens(model, attention, b, p, head):
    """(vocab,) logits of head `head`'s share of the watched attention's output at row b, position p: its slice of
    o_proj, then the final norm and the LM head."""
    hd = attention.head_dim
    w = attention.o_proj.weight[:, head * hd:(head + 1) * hd]  # (hidden, hd)
    share = attention.last_heads[b, p, head * hd:(head + 1) * hd] @ w.t()  # (hidden,)
    return model.model.text_model.norm(share) @ model.head_weight().t()


def parse_phase(s):
    """NAME=DIR[+DIR...]:STEPS[:BATCH] (BATCH defaults to --batch)."""
    name, rest = s.split("=", 1)
    parts = rest.split(":")
    batch = int(parts[2]) if len(parts) > 2 else None
    return name, parts[0].split("+"), int(parts[1]), batch


def init_weights(model, seed):
    """Unit-variance ("fan-in") init: every linear map keeps activations O(1), token embeddings and image
    features start at the same scale, and attention logits are not near zero at the start (with 0.02-std
    weights a model this small learned no vision at all in 300 steps: attention could not focus)."""
    g = torch.Generator().manual_seed(seed)
    n_layers = model.config.text_config.num_hidden_layers
    with torch.no_grad():
        for name, p in sorted(model.named_parameters()):
            if "norm" in name:
                p.copy_(torch.ones_like(p) if name.endswith("weight") else torch.zeros_like(p))
            elif name.endswith("bias"):
                p.zero_()
            elif "embed_tokens" in name:
                p.copy_(torch.randn(p.shape, generator=g))
            elif "position_embedding" in name:
                p.copy_(0.5 * torch.randn(p.shape, generator=g))
            else:
                fan_in = p[0].numel()
                gain = (2 * n_layers) ** -0.5 if ("o_proj" in name or "down_proj" in name) else 1.0
                p.copy_(gain / fan_in ** 0.5 * torch.randn(p.shape, generator=g))


def loss_fn(model, px, ids, labels, answer_weight=1.0):
    """Mean cross-entropy over target positions only (logits are computed just there: the head is big).
    answer_weight > 1 weights the tokens of short target spans (answers: at most 3 tokens with the end of turn)
    that much more than long ones (transcripts), a weighted mean."""
    feats = model.encode_images(px)[1] if px.shape[0] > 0 else None  # a batch of text-only samples has no frames
    emb = model.embed(ids, feats)
    hidden, _ = model.model.text_model(emb)  # right padding: no attention mask needed (causal)
    keep = labels != -100
    logits = hidden[keep] @ model.head_weight().t()  # (targets, vocab)
    if answer_weight == 1.0:
        return F.cross_entropy(logits, labels[keep]), logits, keep
    w = answer_weights(keep, answer_weight)[keep]
    ce = F.cross_entropy(logits, labels[keep], reduction="none")
    return (ce * w).sum() / w.sum(), logits, keep


def answer_weights(keep, answer_weight):
    """(B, L) weights: answer_weight on target spans of at most 3 tokens, 1 elsewhere."""
    w = torch.ones(keep.shape)
    for b in range(keep.shape[0]):
        row = keep[b].tolist()
        i = 0
        while i < len(row):
            if not row[i]:
                i += 1
                continue
            j = i
            while j < len(row) and row[j]:
                j += 1
            if j - i <= 3:
                w[b, i:j] = answer_weight
            i = j
    return w


@torch.no_grad()
def scored_spans(model, val, pad_id, batch=16):
    """Teacher-forced: yields (ids row, target span positions, exact match) for every target span of val."""
    was_training = model.training
    model.eval()
    for s in range(0, len(val), batch):
        samples = [val.sample(k) for k in range(s, min(len(val), s + batch))]
        px, ids, labels = collate(samples, pad_id)
        _, logits, keep = loss_fn(model, px, ids, labels)
        pred = torch.full_like(labels, -100)
        pred[keep] = logits.argmax(-1)
        for b in range(labels.shape[0]):
            for start, end in runs((labels[b] != -100).numpy()):
                sp = list(range(start, end))
                yield ids[b], sp, bool((pred[b, sp] == labels[b, sp]).all())
    model.train(was_training)


def evaluate(model, val, pad_id, batch=16):
    """Teacher-forced exact match per answer span: short spans (answers) and long spans (transcripts)."""
    short = [0, 0]
    long_ = [0, 0]
    for _, sp, ok in scored_spans(model, val, pad_id, batch):
        acc = short if len(sp) <= 3 else long_
        acc[0] += ok
        acc[1] += 1
    model.train()
    return short[0] / max(1, short[1]), long_[0] / max(1, long_[1])


class MappedSet:
    """A ShardSet whose samples go through fn (data.blind, or data.text_only with the header bound)."""

    def __init__(self, data, fn):
        self.data = data
        self.fn = fn

    def __len__(self):
        return len(self.data)

    def sample(self, k):
        return self.fn(self.data.sample(k))


def val_set(spec, header_ids):
    """A --val folder, plain or through blind:/read: (data.blind, data.text_only)."""
    mode, _, folder = spec.rpartition(":")
    data = ShardSet([folder])
    if mode == "blind":
        return MappedSet(data, blind)
    if mode == "read":
        return MappedSet(data, lambda sample: text_only(sample, header_ids))
    if mode:
        raise ValueError(f"--val {spec}: unknown mode {mode!r} (blind: or read:)")
    return data


def val_key(index, spec):
    """The log key prefix of the index-th --val: val, then val_<folder>, val_blind_<folder>, val_read_<folder>."""
    if index == 0:
        return "val"
    mode, _, folder = spec.rpartition(":")
    return "val_" + (mode + "_" if mode else "") + os.path.basename(os.path.normpath(folder))


def lr_at(step, total, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup
    p = min(1.0, (step - warmup) / max(1, total - warmup))
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * p)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--init", required=True, help="model folder with tokenizer + config (folder.py)")
    ap.add_argument("--run", required=True)
    ap.add_argument("--phase", action="append", required=True, help="NAME=DIR[+DIR]:STEPS")
    ap.add_argument("--val", action="append", default=[],
                    help="shard folder for teacher-forced accuracy at checkpoints (repeatable: the first is logged as"
                         " val_*, the others as val_<folder name>_*; blind:FOLDER evaluates it through data.blind,"
                         " read:FOLDER through data.text_only)")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ckpt-every", type=float, default=300, help="seconds")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--stop-at", type=int, help="end (with a checkpoint) at this step; the schedule still spans all phases")
    ap.add_argument("--init-weights", help="start from this model folder's weights (ignored on --resume)")
    ap.add_argument("--vision-init", help="then take the vision tower + connector from this stage-0 file "
                                          "(pretrain_vision.py's vision.pt; ignored on --resume)")
    ap.add_argument("--answer-weight", type=float, default=1.0,
                    help="loss weight of answer tokens (target spans of at most 3 tokens) relative to transcripts")
    ap.add_argument("--blind", type=float, default=0.0,
                    help="fraction of transcript-first samples whose frames are blanked and whose transcript is not a "
                         "target (the answers must be read off the transcript; data.blind)")
    ap.add_argument("--read", type=float, default=0.0,
                    help="fraction of steps whose batch is read without video (data.text_only): each transcript-first"
                         " sample's transcript is given as text and its answers must be read off it, the batch's other"
                         " samples are left out; about a fifth of the cost of the samples with frames. --blind applies"
                         " to the other steps")
    ap.add_argument("--one-question", type=int, default=0,
                    help="on --read steps, cut each sample into this many single-question conversations (the"
                         " transcript, then one question turn, as ask asks at inference: no earlier answer in"
                         " context; data.one_question) instead of reading all its questions in one conversation")
    ap.add_argument("--hard-colour", action="store_true",
                    help="with --one-question: leave out the \"What colour was the X?\" conversations whose answer is"
                         " the colour on most transcript lines (answering the most frequent colour is the shortcut a"
                         " model falls back on when it cannot find the colour before the shape)")
    ap.add_argument("--attend-asked", metavar="LAYER:HEAD:WEIGHT",
                    help="extra loss: at each \"What colour was the X?\" answer after a transcript, head HEAD of text"
                         " layer LAYER (0-based) is pushed to attend to X where it follows a colour in the transcript"
                         " (-log of that attention mass, times WEIGHT; colour_lookups): the reverse lookup the model"
                         " does not find by itself")
    ap.add_argument("--attend-copy", type=float, default=0.0, metavar="WEIGHT",
                    help="with --attend-asked: also this weight times the cross-entropy of the answer read straight off"
                         " that head's output (copy_loss)")
    ap.add_argument("--vision-lr-scale", type=float, default=1.0,
                    help="learning rate of the vision tower relative to the rest (keeps pretrained features)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    fast_attention.install()
    os.makedirs(args.run, exist_ok=True)
    cfg = SmolVLMConfig.load(os.path.join(args.init, "config.json"))
    with open(os.path.join(args.init, "tokenizer.json"), encoding="utf-8") as f:
        tj = json.load(f)
    tok = tk.Tokenizer(tj)
    pad_id = tok.token_id("<|im_end|>")
    header_ids = tok.encode(TEXT_ONLY_HEADER)
    phases = [parse_phase(p) for p in args.phase]
    phases = [(n, f, st, b or args.batch) for n, f, st, b in phases]
    total = sum(p[2] for p in phases)

    torch.manual_seed(args.seed)
    model = SmolVLMForConditionalGeneration(cfg)
    init_weights(model, args.seed)
    if args.init_weights:
        from smolvlm.safetensors_io import load_checkpoint
        model.load_state_dict(load_checkpoint(args.init_weights))
    if args.vision_init:
        vision = torch.load(args.vision_init)
        missing = [k for k in model.state_dict() if k.startswith("model.vision_model.") and k not in vision]
        if missing:
            raise ValueError(f"{args.vision_init}: no {missing[0]} (not a pretrain_vision.py output?)")
        model.load_state_dict(vision, strict=False)
    vision_params = [p for n, p in model.named_parameters() if n.startswith("model.vision_model.")]
    other_params = [p for n, p in model.named_parameters() if not n.startswith("model.vision_model.")]
    # one group unless the vision tower gets its own rate (checkpoints of one-group runs still resume)
    groups = [{"params": list(model.parameters()), "lr_scale": 1.0}] if args.vision_lr_scale == 1.0 else \
        [{"params": other_params, "lr_scale": 1.0}, {"params": vision_params, "lr_scale": args.vision_lr_scale}]
    opt = torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.98), weight_decay=0.01)
    step = 0
    ckpt_path = os.path.join(args.run, "ckpt.pt")
    if args.resume and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step = ck["step"]
        torch.set_rng_state(ck["torch_rng"])
        print(f"resumed at step {step}", flush=True)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"params {n_params}, phases {[(p[0], p[2], p[3]) for p in phases]}, total steps {total}", flush=True)
    vals = [(v, val_set(v, header_ids)) for v in args.val]
    attend = None
    if args.attend_asked:
        a_layer, a_head, a_weight = args.attend_asked.split(":")
        attend = (int(a_layer), int(a_head), float(a_weight))
        watched = model.model.text_model.layers[attend[0]].self_attn
        fast_attention.watch(watched)
        colours = set(colour_ids(tok))
    log = open(os.path.join(args.run, "log.jsonl"), "a")

    def save():
        ck = {"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
              "torch_rng": torch.get_rng_state(), "args": vars(args)}
        torch.save(ck, ckpt_path + ".tmp")
        os.replace(ckpt_path + ".tmp", ckpt_path)
        write_folder(os.path.join(args.run, "export"), cfg, tj, model.state_dict())

    sets = {}
    model.train()
    t_last = time.time()
    t_start = time.time()
    run_loss, run_n = 0.0, 0
    run_aux, run_aux_n, run_copy = 0.0, 0, 0.0
    start_phase = 0
    end = min(total, args.stop_at) if args.stop_at else total
    while step < end:
        # which phase and step within it
        acc, pi = 0, 0
        while acc + phases[pi][2] <= step:
            acc += phases[pi][2]
            pi += 1
        name, folders, steps, batch = phases[pi]
        key = tuple(folders)
        if key not in sets:
            sets[key] = ShardSet(folders)
        data = sets[key]
        k = step - acc
        # data position from the step: epoch e uses permutation seeded by (seed, phase, e)
        first = k * batch
        idx = []
        for j in range(first, first + batch):
            e, r = divmod(j, len(data))
            perm = np.random.default_rng([args.seed, pi, e]).permutation(len(data))
            idx.append(int(perm[r]))
        batch_samples = [data.sample(i) for i in idx]
        if args.read > 0 and np.random.default_rng([args.seed, 11, step]).random() < args.read:
            # a whole batch without video: mixed with full samples it would be padded to their length, so samples
            # that are not transcript-first (text_only leaves their frames) are left out of it
            if args.one_question > 0:
                # each sample's reading cut into N single-question conversations (answers drawn per step)
                pick_rng = np.random.default_rng([args.seed, 13, step])
                counts = [answer_count(b) for b in batch_samples]
                read = [t for b, n in zip(batch_samples, counts) if n > 0 for t in one_question(
                    b, header_ids, sorted(pick_rng.choice(n, min(args.one_question, n), replace=False)))]
                if args.hard_colour:
                    read = [t for t in read if not frequent_colour_answer(tok.decode(t[1].tolist()))]
            else:
                read = [t for t in (text_only(b, header_ids) for b in batch_samples) if len(t[0]) == 0]
            batch_samples = read or batch_samples
        elif args.blind > 0:
            coin = np.random.default_rng([args.seed, 7, step]).random(len(idx))
            batch_samples = [blind(b) if c < args.blind else b for b, c in zip(batch_samples, coin)]
        px, ids, labels = collate(batch_samples, pad_id)
        lr = lr_at(step, total, args.lr, args.warmup)
        for g in opt.param_groups:
            g["lr"] = lr * g.get("lr_scale", 1.0)
        loss, _, _ = loss_fn(model, px, ids, labels, args.answer_weight)
        aux = None
        if attend is not None:
            lookups = [colour_lookups(ids[b].tolist(), set(np.flatnonzero(labels[b].numpy() != -100).tolist()), tok,
                                      colours) for b in range(ids.shape[0])]
            aux = attend_loss(watched.last_probs, lookups, attend[1])
            if aux is not None:
                loss = loss + attend[2] * aux
                run_aux += float(aux)
                run_aux_n += 1
                if args.attend_copy > 0:
                    cp = copy_loss(model, watched, lookups, attend[1], labels)
                    loss = loss + args.attend_copy * cp
                    run_copy += float(cp)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        run_loss += float(loss)
        run_n += 1
        if step % 20 == 0:
            rec = {"step": step, "phase": name, "loss": run_loss / run_n, "lr": lr, "tokens": int(ids.numel()),
                   "elapsed_s": round(time.time() - t_start, 1)}
            if run_aux_n:
                rec["attend_loss"] = run_aux / run_aux_n
                if args.attend_copy > 0:
                    rec["copy_loss"] = run_copy / run_aux_n
                run_aux, run_aux_n, run_copy = 0.0, 0, 0.0
            print(json.dumps(rec), flush=True)
            log.write(json.dumps(rec) + "\n")
            log.flush()
            run_loss, run_n = 0.0, 0
        if time.time() - t_last > args.ckpt_every or step == end:
            save()
            rec = {"step": step, "checkpoint": True}
            for vi, (vname, val) in enumerate(vals):
                qa, tr = evaluate(model, val, pad_id)
                key = val_key(vi, vname)
                rec.update({key + "_answer_acc": qa, key + "_transcript_acc": tr})
            print(json.dumps(rec), flush=True)
            log.write(json.dumps(rec) + "\n")
            log.flush()
            t_last = time.time()
    print("done", flush=True)


if __name__ == "__main__":
    main()
