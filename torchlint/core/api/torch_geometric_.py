"""PyTorch Geometric: graphs (``Data``), their datasets, the DataLoader that
batches them, and the global pooling that turns node features into one row
per graph.

A PyG batch concatenates its graphs' attributes along their first dim (the
edge index along its last): a graph-level target of shape (1, k) per graph
becomes (G, k), a scalar one (G,), where G is the number of graphs in the
batch; node features (n_i, F) become (nodes, F). ``global_add_pool(x,
batch)`` and its kin give (G, F). Per-graph targets of the built-in datasets
follow their documentation: QM9 holds 19 regression targets per molecule,
(1, 19); TUDataset one class label, (1,).
"""

from __future__ import annotations

import dataclasses
from typing import Optional, Tuple

from torchlint.core import shapes
from torchlint.core.api.arrays import TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.values import Array, Bunch, Const, Iterable, ListOf, Seq, Value


@dataclasses.dataclass(frozen=True)
class Graph(Bunch):
    """One torch_geometric.data.Data: its attributes by name."""


@dataclasses.dataclass(frozen=True)
class GraphDataset(Bunch):
    """A PyG dataset: one graph of it (``dataset[i]``, what a loader draws)."""

    graph: Optional[Graph] = None


@handles("torch_geometric.data.Data", "torch_geometric.data.data.Data")
def _graph(site: CallSite) -> Optional[Value]:
    if site.args or not site.complete:
        return None  # Data's positional order differs across versions
    return Graph(tuple((name, arg.value) for name, arg in site.kwargs))


def _dataset(y: Array):
    def make(site: CallSite) -> Optional[Value]:
        if site.given(None, "transform") or site.given(None, "pre_transform") or not site.complete:
            return GraphDataset((), None)  # a transform may change any attribute
        return GraphDataset((), Graph((("y", dataclasses.replace(y, origin=site.node)),)))

    return make


handles("torch_geometric.datasets.QM9", "torch_geometric.datasets.qm9.QM9")(_dataset(Array(kind=TENSOR, shape=(1, 19), dtype="float32")))
handles("torch_geometric.datasets.TUDataset", "torch_geometric.datasets.tu_dataset.TUDataset")(
    _dataset(Array(kind=TENSOR, shape=(1,), dtype="int64"))
)


def _concatenated(name: str, value: Optional[Value]) -> Optional[Value]:
    """A graph attribute over a batch of graphs."""
    if not isinstance(value, Array) or value.kind != TENSOR or value.shape is None:
        return None
    if name == "edge_index" or name.endswith("_index"):
        return dataclasses.replace(value, shape=tuple(value.shape[:-1]) + (None,)) if value.shape else None
    if not value.shape:
        return dataclasses.replace(value, shape=(shapes.BATCH,))
    first = shapes.BATCH if value.shape[0] == 1 else None
    return dataclasses.replace(value, shape=(first,) + tuple(value.shape[1:]))


def _graph_of(dataset: Optional[Value]) -> Optional[Graph]:
    if isinstance(dataset, GraphDataset):
        return dataset.graph
    if isinstance(dataset, ListOf) and isinstance(dataset.item, Graph):
        return dataset.item
    if isinstance(dataset, Seq) and dataset.items and all(item == dataset.items[0] for item in dataset.items):
        first = dataset.items[0]
        return first if isinstance(first, Graph) else None
    return None


@handles("torch_geometric.loader.DataLoader", "torch_geometric.data.DataLoader", "torch_geometric.loader.dataloader.DataLoader")
def _loader(site: CallSite) -> Optional[Value]:
    graph = _graph_of(site.value(0, "dataset"))
    if graph is None or not site.complete or any(name in ("follow_batch", "exclude_keys", "collate_fn") for name, _ in site.kwargs):
        return None
    fields: Tuple[Tuple[str, Optional[Value]], ...] = tuple((name, _concatenated(name, value)) for name, value in graph.fields)
    fields += (("batch", Array(kind=TENSOR, shape=(None,), origin=site.node, dtype="int64")), ("num_graphs", None))
    return Iterable(Bunch(fields))


def _global_pool(site: CallSite) -> Optional[Value]:
    """(G, F) for node features (nodes, F) and the batch vector."""
    features = site.value(0, "x")
    if not site.given(1, "batch") or site.value(1, "batch") == Const(None):
        return None  # one graph: (1, F)
    if features is not None and not (isinstance(features, Array) and (features.shape is None or len(features.shape) == 2)):
        return None
    width = features.shape[1] if isinstance(features, Array) and features.shape else None
    dtype = features.dtype if isinstance(features, Array) else None
    graph = "output" if site.evaluator.grad_enabled[-1] else None
    return Array(kind=TENSOR, shape=(shapes.BATCH, width), origin=site.node, dtype=dtype, graph=graph)


for _name in ("global_add_pool", "global_mean_pool", "global_max_pool"):
    handles(f"torch_geometric.nn.{_name}", f"torch_geometric.nn.pool.{_name}", f"torch_geometric.nn.glob.{_name}")(_global_pool)
