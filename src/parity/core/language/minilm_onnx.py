"""The sentence model on onnxruntime, its graph built here from the checked safetensors weights.

Why: the embeddings reader should read at least as many statements per second as PyTorch on the
same model. onnxruntime's fused kernels (one ``Attention`` node per layer for the projections,
the masked softmax and the heads; ``SkipLayerNormalization`` for residual, bias and layer norm
in one pass; ``BiasGelu``) do the memory-bound steps that NumPy does in separate passes, and
its matrix products are as fast as PyTorch's. Measured on two cores, one thread each: 193
statements per CPU second against NumPy's 171 and PyTorch's 142 (``bench/bench_encoder.py``
measures the wall-clock rates against PyTorch in one run).

Why the graph is built here: no ONNX file is downloaded or shipped. The graph is written with
``onnx``'s helper API from the weights :class:`~parity.core.language.minilm.MiniLM` has just
loaded (after their sha256 check), in memory, at load time (under a second, part of start-up):
the same numbers as the NumPy forward pass, only the order of float32 sums differs (about
1e-7; ``tests/unit/language/test_minilm.py`` holds both to sentence-transformers to 1e-5).

The tokenizer, the batching by length, the pooling and the normalisation stay those of
:class:`MiniLM`; only :meth:`OnnxMiniLM.hidden_states` differs. Each encoding thread runs the
session on one thread (``_shared_batches`` shares the batches between cores, as for NumPy).
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
from typing import Any

import numpy as np
from numpy.typing import NDArray

from parity.core.language.minilm import Array, Layer, MiniLM

#: The standard operators (LayerNormalization needs 17) and Microsoft's fused ones.
_OPSETS = (("", 17), ("com.microsoft", 1))


def available() -> bool:
    """Whether onnxruntime and onnx (which writes the graph) are installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("onnxruntime", "onnx"))


class _GraphWriter:
    """Collects the nodes and weights of the graph; names are unique by construction."""

    def __init__(self) -> None:
        self.onnx: Any = importlib.import_module("onnx")
        self.nodes: list[Any] = []
        self.weights: list[Any] = []

    def weight(self, name: str, value: Array) -> str:
        self.weights.append(self.onnx.numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(self, op: str, inputs: list[str], output: str, **attributes: Any) -> str:
        domain = (
            "com.microsoft" if op in {"Attention", "SkipLayerNormalization", "BiasGelu"} else ""
        )
        self.nodes.append(
            self.onnx.helper.make_node(op, inputs, [output], domain=domain, **attributes)
        )
        return output


def _embeddings(g: _GraphWriter, model: MiniLM) -> str:
    """Word + position + token-type vectors, layer-normalised: (batch, width, hidden)."""
    words = g.node("Gather", [g.weight("word", model.word), "ids"], "word_vectors")
    places = g.node("Gather", [g.weight("position", model.position), "positions"], "places")
    summed = g.node("Add", [words, places], "words_places")
    summed = g.node("Add", [summed, g.weight("token_type", model.token_type)], "embedded")
    gamma, beta = g.weight("norm_w", model.norm[0]), g.weight("norm_b", model.norm[1])
    return g.node("LayerNormalization", [summed, gamma, beta], "x0", axis=-1, epsilon=model.eps)


def _layer(g: _GraphWriter, model: MiniLM, layer: Layer, x: str, n: int) -> str:
    """One encoder layer, the same steps as ``MiniLM._run_layer`` with fused operators."""

    def w(name: str, value: Array) -> str:
        return g.weight(f"l{n}.w.{name}", value)

    attended = g.node(
        "Attention",
        [x, w("qkv", layer.qkv), w("qkv_b", layer.qkv_bias), "mask"],
        f"l{n}.attended",
        num_heads=model.heads,
    )
    mixed = g.node("MatMul", [attended, w("out", layer.attention_out)], f"l{n}.mixed")
    norm1 = [w("norm1_w", layer.norm1[0]), w("norm1_b", layer.norm1[1])]
    x1 = g.node(
        "SkipLayerNormalization",
        [mixed, x, *norm1, w("out_b", layer.attention_out_bias)],
        f"l{n}.x1",
        epsilon=model.eps,
    )
    up = g.node("MatMul", [x1, w("up", layer.up)], f"l{n}.up")
    active = g.node("BiasGelu", [up, w("up_b", layer.up_bias)], f"l{n}.gelu")
    down = g.node("MatMul", [active, w("down", layer.down)], f"l{n}.down")
    norm2 = [w("norm2_w", layer.norm2[0]), w("norm2_b", layer.norm2[1])]
    return g.node(
        "SkipLayerNormalization",
        [down, x1, *norm2, w("down_b", layer.down_bias)],
        f"l{n}.x2",
        epsilon=model.eps,
    )


def graph(model: MiniLM) -> bytes:
    """The serialised ONNX model of ``model``'s encoder: ids (batch, width) int64, positions
    (width,) int64 and mask (batch, width) int32 (1 on real tokens) in, the last layer's token
    vectors (batch, width, hidden) float32 out."""
    g = _GraphWriter()
    x = _embeddings(g, model)
    for n, layer in enumerate(model.layers):
        x = _layer(g, model, layer, x, n)
    helper, types = g.onnx.helper, g.onnx.TensorProto
    inputs = [
        helper.make_tensor_value_info("ids", types.INT64, ["batch", "width"]),
        helper.make_tensor_value_info("positions", types.INT64, ["width"]),
        helper.make_tensor_value_info("mask", types.INT32, ["batch", "width"]),
    ]
    output = helper.make_tensor_value_info(x, types.FLOAT, ["batch", "width", model.dimensions])
    encoder = helper.make_graph(g.nodes, "all-MiniLM-L6-v2", inputs, [output], g.weights)
    opsets = [helper.make_opsetid(domain, version) for domain, version in _OPSETS]
    serialised: bytes = helper.make_model(encoder, opset_imports=opsets).SerializeToString()
    return serialised


def session(serialised: bytes) -> Any:
    """An onnxruntime session on the CPU, one thread per run (threads share the batches)."""
    ort = importlib.import_module("onnxruntime")
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(serialised, options, providers=["CPUExecutionProvider"])


@dataclasses.dataclass(frozen=True)
class OnnxMiniLM(MiniLM):
    """:class:`MiniLM` whose encoder layers run on onnxruntime (``session``)."""

    session: Any = None

    @classmethod
    def from_model(cls, model: MiniLM) -> OnnxMiniLM:
        """The same model on onnxruntime; its NumPy layer weights are released (the session
        holds its own copy), the rest (tokenizer, embeddings' shape) is shared."""
        fields = {f.name: getattr(model, f.name) for f in dataclasses.fields(MiniLM)}
        fields["layers"] = ()
        return cls(**fields, session=session(graph(model)))

    def hidden_states(self, ids: NDArray[np.int64], mask: Array) -> Array:
        """The last layer's token vectors, (batch, width, hidden), from onnxruntime."""
        feeds = {
            "ids": ids,
            "positions": np.arange(ids.shape[1], dtype=np.int64),
            "mask": mask.astype(np.int32),
        }
        hidden: Array = self.session.run(None, feeds)[0]
        return hidden
