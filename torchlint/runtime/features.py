"""Check 2: the scales of the features in the first training batch.

Global module hooks watch for the first call of a top-level model (one no
other module is running) while training: autograd on and the module in
training mode. Inside that call they follow the batch to the first layer
with weights: its input is what training sees, so a BatchNorm or LayerNorm
before it (or ``x / 255`` in ``forward``) counts as normalization.

- Linear, RNN/LSTM/GRU (a PackedSequence's data too), MultiheadAttention
  (its query): measured per entry of the last dim, over every other dim;
- Conv and ConvTranspose (any dim): measured per channel (dim 1, dim 0
  unbatched);
- a normalization layer, an Embedding (it takes indices) or another layer
  with parameters first: nothing is reported.

That is measured once (scales.py says what counts as wrong); then the hooks
remove themselves, so training runs without them. The statistics come back
from a GPU without waiting for it (readback.py): there the report comes a
few steps later. Under torch.func transforms (vmap, grad) the batch is not
read (transforms.py); the next training batch is measured instead.
"""

from __future__ import annotations

import math
from typing import Any, List, Optional, Tuple

from torchlint.runtime.frames import Location, user_location
from torchlint.runtime.scales import Scales, describe, statistics
from torchlint.runtime.session import Session
from torchlint.runtime.transforms import data_readable


class FeatureWatch:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.depth = 0
        self.handles: List[Any] = []
        # The top-level model whose training call is being followed to its first weight layer.
        self.model: Any = None
        self.location: Optional[Location] = None
        self.not_measured: Tuple[type, ...] = ()

    def install(self) -> None:
        import torch
        from torch.nn.modules.module import register_module_forward_hook, register_module_forward_pre_hook

        self._is_compiling = torch.compiler.is_compiling
        self.not_measured = not_measured_layers()
        self.handles = [
            register_module_forward_pre_hook(self._before),
            register_module_forward_hook(self._after, always_call=True),
        ]
        self.session.uninstallers.append(self.remove)

    def remove(self) -> None:
        for handle in self.handles:
            handle.remove()
        self.handles = []

    def _before(self, module: Any, args: Tuple[Any, ...]) -> None:
        if self._is_compiling():
            return
        self.depth += 1
        if self.depth == 1:
            import torch

            self.model = module if module.training and torch.is_grad_enabled() else None
            # The training loop's line that called the model: where a finding is reported.
            self.location = user_location() if self.model is not None else None
        if self.model is not None:
            self._follow(module, args)

    def _after(self, module: Any, args: Tuple[Any, ...], output: Any) -> None:
        if not self._is_compiling():
            self.depth -= 1
            if self.depth == 0:
                self.model = None

    def _follow(self, module: Any, args: Tuple[Any, ...]) -> None:
        """A module the first training batch reaches: measure its input if it is the first weight layer."""
        import torch
        from torch import nn

        features = args[0] if args else None
        if isinstance(features, nn.utils.rnn.PackedSequence):
            features = features.data
        model, layer = self.model, module
        compiled = getattr(module, "_orig_mod", None)
        if module is model and isinstance(compiled, nn.Module):
            # A torch.compile'd model runs its layers in compiled code, where no hook fires: the
            # first layer of a Sequential is known before it runs, that of another model is not.
            model, layer = compiled, first_in_sequence(compiled)
        dim = feature_dim(layer, features)
        if dim is None:
            if layer is not module or isinstance(module, self.not_measured) or has_own_parameters(module):
                # Normalized, indices, or a layer this check does not know: nothing to say.
                self.model = None
                self.remove()
            return
        self.model = None
        if not isinstance(features, torch.Tensor) or not features.is_floating_point():
            self.remove()
        elif features.numel() and data_readable(features):
            self.remove()
            convolution = isinstance(layer, nn.modules.conv._ConvNd)
            kind = "channel" if convolution else "column" if features.dim() == 2 else "feature"
            images = convolution and len(layer.kernel_size) >= 2
            self._measure(features, dim, kind, images, layer_name(model, layer))
        # else: an empty batch, or a transform's wrapper (vmap, grad): look at the next training batch instead.

    def _measure(self, features: Any, dim: int, kind: str, images: bool, layer: str) -> None:
        """Measure ``features`` along ``dim``; ``kind`` names one of them ("channel", "column", "feature");
        ``images``: they go into a 2-D or 3-D convolution."""
        self.session.checked["feature_batches"] += 1
        shape = tuple(features.shape)
        location = self.location

        def report(read: List[float]) -> None:
            scales = Scales.of(read)
            problem = describe(scales, kind)
            if problem is not None:
                # What the non-finite-loss report names as a likely cause.
                self.session.feature_scales = f"un-normalized input to {layer}: {problem}"
                message = scale_message(layer, shape, kind, images, problem, scales)
                self.session.record("feature-scale", message, location)
                self.session.warn(message, location)

        # On the CPU this reports at once; on a GPU once the statistics arrive.
        self.session.readbacks.submit(statistics(features, dim), report)


def feature_dim(module: Any, features: Any) -> Optional[int]:
    """The dim of ``features`` that holds the features, if ``module`` is a weight layer that takes them."""
    import torch
    from torch import nn

    if not isinstance(features, torch.Tensor):
        return None
    if isinstance(module, nn.modules.conv._ConvNd):
        spatial = len(module.kernel_size)
        return {spatial + 2: 1, spatial + 1: 0}.get(features.dim())
    if isinstance(module, (nn.Linear, nn.RNNBase, nn.MultiheadAttention)) and features.dim() >= 1:
        return features.dim() - 1
    return None


def first_in_sequence(model: Any) -> Any:
    """The module a Sequential (or nested Sequentials) runs first; the model itself otherwise."""
    from torch import nn

    while isinstance(model, nn.Sequential) and len(model):
        model = model[0]
    return model


def has_own_parameters(module: Any) -> bool:
    """A leaf layer with weights (not Linear, conv or RNN, checked before): a
    container's own parameters (ViT's cls token) do not stop the search."""
    return next(module.children(), None) is None and next(module.parameters(recurse=False), None) is not None


def layer_name(model: Any, layer: Any) -> str:
    """``Conv2d `features.0` ``: the layer's type and its name in the model."""
    if layer is model:
        return type(layer).__name__
    name = next((name for name, module in model.named_modules() if module is layer), None)
    return f"{type(layer).__name__} `{name}`" if name else type(layer).__name__


def scale_message(layer: str, shape: Tuple[int, ...], kind: str, images: bool, problem: str, scales: Scales) -> str:
    far = scales.far()
    mean_square = scales.mean_square
    if images and far and all(0 <= feature.low and feature.high <= 255 for feature in far):
        fix = (
            "Scale the images as they are loaded: divide 8-bit pixels by 255 (transforms.ToTensor() does) and "
            "normalize each channel with the training images' mean and std (transforms.Normalize(mean, std))"
        )
    elif kind == "channel":
        fix = (
            "Standardize each channel with its mean and std over the training set (over every sample and position), "
            "and reuse them for validation and inference"
        )
    else:
        fix = (
            "Standardize each feature with the mean and std of the training rows (sklearn's StandardScaler fitted "
            "on the training split only, or (x - mean) / std), and reuse them for validation and inference"
        )
    where = ", features in its last dim" if kind == "feature" else ""
    return (
        f"{layer}, the model's first layer with weights, gets the first training batch un-normalized: input "
        f"{shape}{where}: {problem}. With plain SGD a step moves that layer's output {times(mean_square)} times as "
        "far as for inputs of mean 0 and std 1 (the weight gradient grows with the input, the output change with its "
        f"square: as if its learning rate were {times(mean_square)} times higher), and PyTorch's default "
        f"initialization, made for unit-scale inputs, starts its outputs {times(math.sqrt(mean_square))} times larger. "
        f"{fix}"
    )


def times(factor: float) -> str:
    """A factor as people read it: 667, 20,900, 5.0e+09."""
    if factor < 10:
        return f"{factor:.2g}"
    if factor < 1e6:
        return f"{float(f'{factor:.3g}'):,.0f}"
    return f"{factor:.1e}"


def not_measured_layers() -> Tuple[type, ...]:
    """First layers after which there is nothing to measure: normalization, or indices."""
    from torch import nn

    return (
        nn.modules.batchnorm._NormBase,
        nn.LayerNorm,
        nn.GroupNorm,
        nn.LocalResponseNorm,
        nn.RMSNorm,
        nn.Embedding,
        nn.EmbeddingBag,
    )
