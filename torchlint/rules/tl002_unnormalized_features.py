"""TL002: features that reach training un-normalized although their scales
differ, or a regression target too large for the optimizer's steps."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Dict, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from torchlint.core import models, scales
from torchlint.core.facts import Arg, CallFact, Control, DescentStep, FileFacts, LossCall, Recorded, loops_of
from torchlint.core.scales import FAR_FROM_UNIT, Magnitude, Scale
from torchlint.core.values import Array, Const, Optimizer, Recurrent, SpatialLayer, Value
from torchlint.rules.base import MODEL_WORDS, Finding, Rule, cited, quoted

if TYPE_CHECKING:
    import libcst as cst

    from torchlint.core.outline import Outline

# Columns whose typical sizes differ by this factor or more are "on different scales".
SCALE_RATIO = 10.0
# Columns that all stay within a few units are on unit scale, however they
# differ among themselves (a CSV scaled into the unit box before it shipped,
# min-max scaled columns of skewed data): the larger must exceed this.
UNIT_SCALE = 2.0
# With an adaptive optimizer, columns of different sizes are evidence only when
# the larger reaches this: round 15's critic on joint angles ~2.5 beside
# lengths ~0.2 and round 17's cart-pole dynamics on forces of ±10 beside angles
# ~0.2 trained well with Adam (R² 0.93, 0.99), and so did an unseen course's
# heart-attack classifier on glucose ~147 beside 0/1 flags (Adam at lr 0.003:
# raw as accurate as standardized after its 1,000 epochs, only slower to get
# there); the bug reports' Adam cases start at columns of ~200.
ADAPTIVE_SPREAD = 200.0
# Optimizers that size each weight's step by its own gradient history: raw
# 0..255 pixels did not hurt Adam on a small CNN (docs/runtime-scale.md), nor
# RMSprop, Adagrad, Adadelta, AdamW (benchmarks/static_scale_effect.py
# --pixels), so pixels alone are no finding for them.
ADAPTIVE = frozenset("Adam AdamW Adamax Adagrad Adadelta RMSprop NAdam RAdam SparseAdam Adafactor Rprop".split())


class UnnormalizedFeatures(Rule):
    """## What it does
    Flags the input of a model in training (called in a loop that also runs
    `.backward()` or an optimizer's `.step()`, or writes gradient descent out,
    `w = w - lr * grad`, which counts as plain SGD at that lr; the model an `nn.Module`, or
    written by hand as features times weights made with `requires_grad=True`
    or as `nn.Parameter`: `X @ w + b`, `torch.matmul(X, w)`), when its features were never
    normalized and there is evidence that their scales differ: a column scaled
    by a constant (`X[:, 0] *= 100`), columns built at different scales and
    stacked, a data file whose columns differ (`pd.read_csv`, `np.loadtxt`,
    `np.load` of an `.npy` / `.npz`: the file is measured when it can be found
    beside the code), sklearn's
    unscaled datasets such as `fetch_california_housing`, an integer range
    used as features (`np.arange(100)`), or the raw uint8 pixels of a
    torchvision dataset's `.data` (MNIST, CIFAR10, ...; `transform=` never
    touches them). Columns count as differently scaled
    when their typical sizes differ by a factor of 10 or more and the larger
    is beyond unit scale (more than 2). A column of ones (a bias column,
    `np.c_[np.ones(n), X]`, `df.insert(0, "intercept", 1.0)`) is the last
    choice of evidence, and with one among the features the fix says to
    leave it out of the standardization (its std is 0).

    A linear model (one `nn.Linear`, or `w * x + b` by hand) fitted with a
    squared error by plain SGD is reported on features of any size beyond unit
    scale when lr × mean(x²) reaches 1: gradient descent on it is stable only
    then (hours studied, ~48, at lr 0.01: NaN). A data file's measured size
    squared is its mean square at least, as is that of draws centred on 0
    (`randn * 10`); values known by their largest (a
    literal list, a range's end) count a third of its square, as values spread
    from 0 up to it have (the inputs 1, 2, 3 at lr 0.15 converge). One feature
    of 50 or more with SGD at a learning rate that small for it (lr × mean(x²)
    below 1 for every column) is left alone.

    One feature is evidence by itself when its values are typically 50 or
    more (`uniform(-1000, 1000)`, Unix timestamps, prices, counts): the
    message says what that did, measured, to a small model with the
    optimizer the loop steps (`benchmarks/static_scale_effect.py`); with an
    adaptive optimizer, only past 255 or into units that saturate (sigmoid,
    tanh, a recurrent layer): one feature of ~100 into an ELU MLP with Adam
    trains as well raw (R² 0.999); nor then for a long training at a fine
    learning rate (20,000 steps or more, lr × the feature's size at most 0.1:
    a PINN's time in minutes, 0..90, with Adam at 1e-3), where a Tanh MLP
    reached R² 0.996 raw (`benchmarks/static_scale_effect.py --long`). 8-bit
    pixels made float (`.float()`, `astype(np.float32)`) and never divided
    are reported with plain SGD, and not with adaptive optimizers (Adam,
    RMSprop, ...): raw pixels cost Adam no accuracy on a small CNN
    (docs/runtime-scale.md), nor an MLP on sklearn's digits (90.1% raw, 90.3%
    divided by 255, `--mlp-pixels`). Nor are other images of values up to 255 into a
    convolution trained with an adaptive optimizer (a Lab image's lightness,
    0..100), nor columns apart whose largest stays under 200 with an adaptive
    optimizer (joint angles ~2.5 beside positions ~0.2), nor an integer grid
    under 50 into sigmoid or tanh units (IBM's course lab, -20..19 into a
    1-2-1 sigmoid MLP with SGD, classified 100% raw as standardized).

    The model's first layer with weights decides what counts as its
    features: an `nn.Linear` or convolution, a recurrent layer (one the
    training loop calls itself too, `out, _ = lstm(X)`), or a product
    with a module's own `nn.Parameter` in `forward` (`x @ self.V`, a
    factorization machine); a model that takes ids for an embedding first and
    its features second (wide & deep) is checked on the features its first
    layer takes, and a model of several inputs on each input a layer with
    weights takes as it is (an image-and-table model's table, beside the CNN
    its forward runs first).

    Any normalization on the way silences it: `(X - mean) / std` in any
    spelling, min-max scaling, division by a max or by a constant such as 255
    (not when the values it leaves are known to be 50 or more: ~10,000 / 10),
    sklearn scalers (also inside a `Pipeline` or `ColumnTransformer`),
    `F.normalize`, a log transform, or a first layer that normalizes
    (`nn.BatchNorm1d`, `nn.LayerNorm`). A linear model (one `nn.Linear`, or
    weights written by hand) trained with an adaptive optimizer is left alone
    on features of one size: it takes them in its stride.

    It also flags the target of a regression loss (`MSELoss`, `L1Loss`,
    `SmoothL1Loss`, `HuberLoss`) in training when the target was never
    normalized and is so large against the learning rate of the Adam-family
    optimizer stepping the loop (target / lr of 1e5 or more: ~100 at lr 0.001,
    ~1,000 at 0.01) that Adam, moving each weight by about lr per step, was
    measured failing at it (`benchmarks/static_scale_effect.py --target`), at
    learning rates up to 0.01. Not when the prediction has a size of its own
    (`model(x) * std + mean`), nor with SGD, nor over 20,000 steps or more with
    target / lr up to 1e6 (`--long-target`), nor when raw features large enough
    let the output layer's steps reach the target within the steps that surely
    run. For an autoencoder, whose data is both input and target, the fix
    scales the data once.

    ## Why is this bad?
    Gradient descent takes one learning rate for every weight. When one column
    spans 0..100 and another 0..1, a step small enough for the first barely
    moves the second, and a step large enough for the second makes the first
    diverge: the seed's example 1 (plain SGD, lr=0.01) is `nan` by epoch 200.

    ## Example
    ```python
    X = np.random.rand(100, 2)
    X[:, 0] *= 100                       # column 0 spans 0..100
    X = torch.tensor(X, dtype=torch.float32)
    for epoch in range(1000):
        outputs = model(X)               # TL002
        ...
    ```

    ## Use instead
    ```python
    mean, std = X.mean(0), X.std(0)      # statistics of the training set
    X_normalized = (X - mean) / std      # reuse mean and std at inference
    for epoch in range(1000):
        outputs = model(X_normalized)
        ...
    ```

    Standardizing changes what the weights mean: the model learns
    coefficients per standard deviation of each feature. The seed's example 2
    learns weights of about [62.1, 1.87] and a bias of about 98.7, not the 2
    and 3 the data was made with. To read them in the original units, divide
    each weight by its column's std, `w / std`, and take
    `b - sum(w * mean / std)` as the bias: [2.03, 6.55] and -2.28, the
    least-squares fit of the raw data (column 1 spans 0..1 against noise of
    std 10, so its coefficient is poorly determined by 100 samples).

    ## Fix safety
    No fix. Standardizing needs the training rows' mean and std, kept and
    applied to every input the model sees later (validation, inference, a saved
    checkpoint's users), and a learning rate chosen for the new scale: which rows
    are the training rows and where else the model is fed is more than a
    rewrite of one file can know.
    """

    code = "TL002"
    follows_values = True
    name = "unnormalized-features"
    summary = "features reach training un-normalized although their scales differ, or a regression target far beyond the optimizer's steps"
    # Training a model is a backward(), or a step() of an optimizer made by torch.optim, or gradient
    # descent written out (`w = w - lr * grad`); a model is a module, or weights by hand (requires_grad).
    triggers = (("backward", "step(", "grad"), ("backward", "optim", "grad"), MODEL_WORDS + ("grad",))

    INVALID = (
        """
import numpy as np
import torch
X = np.random.rand(100, 2)
X[:, 0] *= 100
X = torch.tensor(X, dtype=torch.float32)
y = torch.randn(100, 1)
model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for epoch in range(100):
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(X), y)
    loss.backward()
    optimizer.step()
""",
        """
import numpy as np
import torch
age = np.random.randint(18, 80, 500)
income = np.random.normal(50000, 15000, 500)
X = torch.tensor(np.column_stack([age, income]), dtype=torch.float32)
y = torch.randn(500, 1)
model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters())
for epoch in range(50):
    optimizer.zero_grad()
    loss = torch.nn.MSELoss()(model(X), y)
    loss.backward()
    optimizer.step()
""",
    )
    VALID = (
        """
import numpy as np
import torch
X = np.random.rand(100, 2)
X[:, 0] *= 100
X = torch.tensor(X, dtype=torch.float32)
X = (X - X.mean(dim=0)) / X.std(dim=0)
y = torch.randn(100, 1)
model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for epoch in range(100):
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(X), y)
    loss.backward()
    optimizer.step()
""",
        """
import torch
X = torch.randn(100, 2)
y = torch.randn(100, 1)
model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for epoch in range(100):
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(X), y)
    loss.backward()
    optimizer.step()
""",
    )

    @classmethod
    def may_fire(cls, outline: Outline) -> bool:
        # The "grad" of the triggers lets in gradient descent written out, and every file with
        # no_grad or requires_grad: of those without backward() or step(), only a descent update can train.
        return outline.trains_or_descends

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        # One finding per piece of evidence: X_train and X_val from one CSV are one problem.
        first: Dict[Tuple[object, ...], Tuple[Tuple[int, int], Finding]] = {}
        trained_inputs = list(_trained_inputs(facts))
        for node, features, reaching, loop, by_hand, linear, convolution, saturates, steps in trained_inputs:
            if not isinstance(reaching, Array) or reaching.scale is None or reaching.scale.normalized:
                continue
            evidence = _evidence(facts, reaching.scale)
            diverging = _diverging_linear_fit(facts, reaching.scale, loop) if linear else None
            one_large_feature = evidence is not None and evidence[3] is not None  # (nodes, text, labels, size)
            if diverging is not None and (evidence is None or one_large_feature):
                # A linear model on one large feature: its own stability bound says what happens,
                # where the measured effect on a small MLP would not be its story.
                evidence = diverging
            if evidence is None:
                continue
            key, text, labels, large = evidence
            optimizer = _optimizer_name(facts, loop)
            # Columns apart: two of them cited, or a raw dataset of several columns (California housing's
            # population ~1,400 beside bedrooms ~1); not pixels, nor one column (an integer range as the input).
            width = reaching.shape[-1] if reaching.shape else None
            several = isinstance(width, int) and width > 1
            columns_apart = len(key) == 2 or (reaching.scale.raw is not None and several and scales.PIXELS not in text)
            if optimizer in ADAPTIVE and (by_hand or (linear and not columns_apart)):
                # A linear model (w * x + b, one nn.Linear) on features of one size (not two columns apart):
                # Adam rescales each of its few weights' steps, and Deep Learning with PyTorch's
                # thermometer fit (p1ch5) converges on the raw ~50 readings with Adam at lr 0.1;
                # two centred features of std 100 reach R² 1.000 raw (benchmarks/static_scale_effect.py
                # --linear). Columns of different scales still cost one nn.Linear there (rooms and
                # areas: R² 0.113 raw against 1.000 standardized after 2,000 RMSprop steps at lr 0.01).
                continue
            if optimizer in ADAPTIVE and large is None and not reaching.scale.raw and reaching.scale.largest() < ADAPTIVE_SPREAD:
                # Columns apart but none far from unit scale (joint angles ~2.5 beside link lengths ~0.2, forces
                # of ±10 beside angles ~0.2) with an optimizer that sizes each weight's step itself.
                continue
            pixels = scales.PIXELS in text
            if pixels and (optimizer is None or optimizer in ADAPTIVE):
                # Measured: raw pixels cost Adam no accuracy on a small CNN; an
                # update written by hand (an `adam(params, ...)` of the file) may be as adaptive.
                continue
            if convolution and optimizer in ADAPTIVE and reaching.scale.largest() <= scales.PIXEL_RANGE:
                # Images of another range than 8-bit pixels (a Lab image's L channel, 0..100) into a
                # CNN trained with Adam: as harmless as raw pixels there (bug reports'
                # lookalike_colorize_L_unscaled.py reached R² 0.92 on L unscaled).
                continue
            if scales.INTEGER_RANGE in text and not linear and saturates and reaching.scale.largest() < FAR_FROM_UNIT:
                # A grid of a few tens into sigmoid units: IBM's AI-engineering lab (arange(-20, 20) into a
                # 1-2-1 sigmoid MLP, SGD at lr 0.1) classified 100% raw as standardized (5 seeds, s19a).
                continue
            if scales.INTEGER_RANGE in text and optimizer in ADAPTIVE and reaching.scale.largest() < FAR_FROM_UNIT:
                # Measured: an MLP on the grid 1..19 x 1..19 (fixtures/tl001/bad_comprehension_over_pairs.py)
                # ended 1,000 Adam steps at L1 27-33 raw, 34-44 standardized (5 seeds).
                continue
            if large is not None and optimizer in ADAPTIVE and saturates is False and large < scales.PIXEL_RANGE:
                # One feature of tens to a few hundred into ReLU-like units with an optimizer that sizes
                # its steps itself: round 18's look-alike (0..100 into an ELU MLP, Adam) reached R² 0.999
                # raw; the bug reports' Adam cases under 255 all feed sigmoid, tanh or an LSTM's gates,
                # whose units saturate on large inputs.
                continue
            if large is not None and optimizer in ADAPTIVE and not columns_apart and _long_fine_adaptive(facts, loop, large, steps):
                # Adam at an lr fine against the weights the feature needs, for tens of thousands of steps:
                # a PINN's time 0..90 min with Adam at 1e-3 for 50,000 epochs fit its data as well raw (s22b).
                continue
            if large is not None and optimizer == "SGD" and _sgd_step_matched(facts, loop, reaching.scale):
                # A learning rate made as small as the features' size asks: round 14's look-alike of weather
                # readings ~40..140 at lr 1e-5 reached R² 0.995; fastbook's t² (t = 0..19, a mean square
                # of ~26,000) at lr 1e-5 descends without diverging.
                continue
            if large is not None and not pixels:
                text += _large_effect(large, optimizer)
            elif pixels and optimizer == "SGD":
                text += (
                    "; measured on a small CNN with SGD at lr 0.01, raw pixels reached 45% accuracy in 300 steps "
                    "where normalized ones reached 90% (docs/runtime-scale.md)"
                )
            finding = Finding(node, _message(facts, features, text, pixels=pixels, channels_first=bool(convolution)), cited(*zip(key, labels)))
            position = facts.position(node)
            if key not in first or position < first[key][0]:
                first[key] = (position, finding)
        for loss, size, optimizer, lr in _raw_targets(facts, trained_inputs):
            label = f"target: ~{_approx(size.size)} ({size.why})"
            finding = Finding(loss.call.node, _target_message(facts, loss, size, optimizer, lr), cited((size.node, label)))
            position = facts.position(loss.call.node)
            if (size.node,) not in first or position < first[(size.node,)][0]:
                first[(size.node,)] = (position, finding)
        for _, finding in first.values():
            yield finding


class TrainedInput(NamedTuple):
    """A model run in training (not an evaluation under no_grad), and what its features are."""

    node: cst.CSTNode
    features: Arg  # as passed
    reaching: Optional[Value]  # what the first layer with weights receives of them
    loop: Control  # the training loop
    by_hand: bool  # the weights written by hand
    linear: bool  # one nn.Linear, or weights by hand
    convolution: bool  # the first layer with weights is a convolution
    saturates: Optional[bool]  # its output goes through sigmoid or tanh (True), ReLU and kin (False)
    steps: int  # how many training steps run it, at least (loops over literal ranges)


def _trained_inputs(facts: FileFacts) -> Iterator[TrainedInput]:
    """Each model run in training: a model's call, or features times weights
    written by hand (``X @ w``, ``w * x``)."""
    for index, call in enumerate(facts.calls):
        features = models.model_input(call)
        loop = facts.training_loop(call.controls)
        steps = _steps_at_least(call.controls)
        if features is None and loop is not None and call.grad_enabled:
            bare = _bare_first_layer(call)
            if bare is not None:
                reaching, convolution = bare
                saturates = None if convolution else True  # a recurrent layer's gates saturate
                yield TrainedInput(call.node, call.arg(0), reaching, loop, False, False, convolution, saturates, steps)
            continue
        if features is None or not call.grad_enabled or loop is None:
            continue
        reaching, convolution = models.first_layer(facts, index)
        # model(images, table) whose forward takes the table first: name the argument its first layer takes.
        features = next((arg for arg in call.args if reaching is not None and arg.value is reaching), features)
        if not _features(features):
            # Ids first, for an embedding; the features its first layer takes passed beside them (wide & deep),
            # or joined to the embeddings before it (model(x_cat, x_cont), fastai's tabular models): named
            # by the argument of features, their columns measured in what the first layer takes.
            features = next((arg for arg in call.args[1:] if arg.value is reaching), None) or next(
                (arg for arg in call.args[1:] if _features(arg) and reaching is not None and _joined_into(arg.value, reaching)), None
            )
            if features is None or not _features(features):
                continue
        saturates = models.saturates_first(facts, index)
        linear = models.single_linear(facts, index)
        yield TrainedInput(call.node, features, reaching, loop, False, linear, convolution, saturates, steps)
        for layer, branch in models.branch_inputs(facts, index, reaching):
            # Another input taken as it is by a layer of its own (the table beside an image's CNN).
            if _features(branch):
                after = models.saturates_after(facts, index, layer)
                yield TrainedInput(call.node, branch, branch.value, loop, False, False, False, after, steps)
    for product in facts.weight_products:
        loop = facts.training_loop(product.controls)
        # In a module's forward, the module's call is the model's (models.first_layer).
        if not product.in_forward and _features(product.features) and product.grad_enabled and loop is not None:
            steps = _steps_at_least(product.controls)
            yield TrainedInput(product.node, product.features, product.features.value, loop, True, True, False, None, steps)


def _joined_into(part: Optional[Value], whole: Optional[Value]) -> bool:
    """Whether the columns of ``part`` are among those of ``whole``
    (``torch.cat([embedded, part], 1)``): each of its known magnitudes is one of whole's."""
    if not (isinstance(part, Array) and isinstance(whole, Array) and part.scale is not None and whole.scale is not None):
        return False
    mine = [column for column in part.scale.columns or () if column is not None]
    return bool(mine) and all(column in (whole.scale.columns or ()) for column in mine)


def _steps_at_least(controls: Sequence[Control]) -> int:
    """How many times the loops around a call run it, at least: the product of
    the counts of those over a range of literal bounds (others count once)."""
    return math.prod(control.count for control in controls if control.kind == "loop" and control.count)


# Adam and kin over this many steps or more, at an lr no more than FINE_STEP / size of the
# feature (steps of lr resolve the first layer's weights of ~1 / size), had time to rescale
# that layer: benchmarks/static_scale_effect.py --long measured a Tanh MLP on one feature of
# ~90 at lr 1e-3 (lr x size 0.09) at R² 0.996 after 20,000 steps (0.80 after 500), and one of
# ~1,000 at lr 1e-3 (lr x size 1) still at 0.82 after 20,000.
LONG_TRAINING = 20_000
FINE_STEP = 0.1


def _long_fine_adaptive(facts: FileFacts, loop: Control, size: float, steps: int) -> bool:
    stepped = _stepped_optimizer(facts, loop)
    return stepped is not None and stepped[1] * size <= FINE_STEP and steps >= LONG_TRAINING


def _bare_first_layer(call: CallFact) -> Optional[Tuple[Optional[Value], bool]]:
    """A recurrent layer or a convolution called by the training code itself,
    no model class around it (``out, _ = lstm(X)``, then ``head(out[:, -1])``):
    (what it takes, whether it is a convolution). A layer fed another's output
    takes values of no known size, so only the data's first layer counts."""
    layer = call.callee
    if call.in_forward or not call.args or not _features(call.arg(0)):
        return None
    if isinstance(layer, Recurrent):
        return call.arg(0).value, False
    if isinstance(layer, SpatialLayer) and layer.channels is not None:
        return models.convolved(call.arg(0).value), True
    return None


# A regression target far from unit scale, measured by benchmarks/static_scale_effect.py
# --target (an MLP 4-32-32-1 on standardized features, 2,000 full-batch steps):
# R² after 500 and after 2,000 steps, per Adam's lr and target size; and with
# the target standardized. Adam moves each weight by about lr per step, so an
# output that must reach T takes ~T / lr steps: bad from T / lr = 1e5 on, at
# learning rates up to 0.01 (a look-alike reaching R² 0.998 on dollar prices
# ~4,000 ran Adam at lr 0.1).
# SGD, whose steps grow with the target, diverged on the ReLU MLP from T * lr = 1
# on, but the seed's Tanh MLP (2-8-1, momentum 0.9) ended at R² 0.936 raw against
# 0.984 standardized on a target of ~200 (--target, first table): no finding for SGD.
TARGET_RUNS: Dict[float, Dict[float, Tuple[float, float]]] = {
    0.01: {1e3: (0.574, 0.596), 1e5: (-0.0961, 0.578)},
    0.001: {1e2: (-0.495, 0.737), 1e3: (-3.78, 0.434), 1e5: (-24.6, -8.95)},
}
STANDARDIZED_TARGET_RUNS = {0.01: (0.999, 1.0), 0.001: (0.982, 0.999)}
# A target this many times Adam's lr or fewer is reached within LONG_TRAINING steps:
# `python benchmarks/static_scale_effect.py --long-target` measured targets of ~100 and
# ~1,000 at lr 1e-3 at R² 0.999 and 0.998 after 20,000 steps (0.737 and 0.434 after 2,000);
# a PINN's temperatures ~100 fitted for 50,000 Adam steps matched its data raw (s23e).
LONG_TARGET_REACH = 1e6
# Above this lr a large target was no finding: at lr 0.1 only a target of ~100,000
# failed in the benchmark, and a look-alike of house prices (~170,000) reached
# R² 0.904 at lr 0.5 with its output bias set to the mean price.
MOST_TARGET_LR = 0.01
# Steps of about lr each: Adam and its kin. Their default learning rates, for an optimizer made without one.
ADAM_LIKE = {"Adam": 1e-3, "AdamW": 1e-3, "NAdam": 2e-3, "RAdam": 1e-3, "Adamax": 2e-3}
# The regression losses whose target is compared with the output as a number.
REGRESSION_LOSSES = frozenset({"mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"})


def _raw_targets(facts: FileFacts, trained_inputs: Sequence[TrainedInput]) -> Iterator[Tuple[LossCall, Magnitude, str, float]]:
    """(the loss, the target's size, the optimizer, its lr) for each regression
    loss in training whose target was never normalized and is so large that the
    optimizer stepping the loop was measured failing at it."""
    for loss in facts.loss_calls:
        target, prediction = loss.target.value, loss.prediction.value
        if loss.functional not in REGRESSION_LOSSES or not isinstance(target, Array) or not isinstance(prediction, Array):
            continue
        if target.scale is None or target.scale.normalized or prediction.graph != "output" or prediction.scale is not None:
            continue  # a prediction mapped back to the target's units (`out * std + mean`) has a size of its own
        if not loss.call.grad_enabled or _rescaled_expression(loss.prediction):
            continue
        # A target divided by a constant was put in units of the script's choosing (prices / 1000): left alone.
        sizes = [
            m for m in target.scale.magnitudes() if m.why not in (scales.CONSTANT, scales.DATETIMES) and not m.why.startswith(scales.DIVIDED)
        ]
        size = max(sizes, key=lambda m: m.size, default=None)
        loop = facts.training_loop(loss.call.controls)
        stepped = _stepped_optimizer(facts, loop)
        if size is None or stepped is None:
            continue
        name, lr = stepped
        long_enough = _steps_at_least(loss.call.controls) >= LONG_TRAINING and size.size / lr <= LONG_TARGET_REACH
        if name in ADAM_LIKE and size.size / lr >= 1e5 and lr <= MOST_TARGET_LR and not long_enough:
            if not _reached_by_raw_inputs(facts, trained_inputs, loss, target, size.size, lr, loop):
                yield loss, size, name, lr


# The benchmark's MLP (--target) feeds its output layer 32 hidden units, each
# about half as large as the standardized features.
BENCHMARK_OUTPUT_INPUTS = 32
HIDDEN_SIZE_PER_FEATURE = 0.5


def _reached_by_raw_inputs(
    facts: FileFacts, trained_inputs: Sequence[TrainedInput], loss: LossCall, target: Array, size: float, lr: float, loop: Optional[Control]
) -> bool:
    """Whether the steps that surely run move the output as far as the target
    is large, the features raw and large: an Adam step of lr on each of the
    output layer's k weights moves the output by about lr x k x the hidden
    units' size, as large as the features'. Covid counts ~18 into 128 hidden
    units with AdamW at lr 5e-5 for 3,000 epochs reached a target of ~16 within
    20 epochs, faster than the target standardized; the same counts into 8
    units at lr 1e-5 ended at 17.1 against 14.3 (s23h). Not an autoencoder's:
    its input is its target, whose harm is another (a VAE's NaN reconstructions)."""
    if _reconstructs(facts, target):
        return False
    for trained in trained_inputs:
        reaching = trained.reaching
        if trained.loop is not loop or not isinstance(reaching, Array) or reaching.scale is None or reaching.scale.normalized:
            continue
        features = reaching.scale.largest()
        index = next((i for i, call in enumerate(facts.calls) if call.node is trained.node), None)
        width = models.output_layer_inputs(facts, index) if index is not None else None
        step = lr * (width or BENCHMARK_OUTPUT_INPUTS) * features * HIDDEN_SIZE_PER_FEATURE
        if features > 1 and _steps_at_least(loss.call.controls) * step >= size:
            return True
    return False


def _reconstructs(facts: FileFacts, target: Array) -> bool:
    """An autoencoder's loss: the data is the model's input and its target at once."""
    return any(call.grad_enabled and (fed := models.model_input(call)) is not None and fed.value is target for call in facts.calls)


def _rescaled_expression(prediction: Arg) -> bool:
    import libcst as cst  # here: a file no rule needs is linted without libcst (tests/test_flake8.py)

    return isinstance(prediction.node, cst.BinaryOperation)


def _stepped_optimizer(facts: FileFacts, loop: Optional[Control]) -> Optional[Tuple[str, float]]:
    """(class name, learning rate) of the one optimizer the loop steps, when its lr is known;
    gradient descent written out (``w = w - lr * grad``) is plain SGD at its lr."""
    optimizers = _stepped_optimizers(facts, loop)
    if not optimizers:
        rates = {step.learning_rate for step in _descent_steps(facts, loop)}
        return ("SGD", rates.pop()) if len(rates) == 1 else None
    if len(optimizers) != 1:
        return None
    optimizer = optimizers[0]
    name = optimizer.qualname.rpartition(".")[2]
    given = optimizer.lr
    literal = given.value if isinstance(given, Const) and type(given.value) in (int, float) else None
    lr = literal if given is not None else ADAM_LIKE.get(name)
    return (name, lr) if lr is not None and lr > 0 else None


def _diverging_linear_fit(
    facts: FileFacts, scale: Scale, loop: Control
) -> Optional[Tuple[Tuple[object, ...], str, Tuple[str, ...], Optional[float]]]:
    """Evidence for a linear model (one nn.Linear, or w * x + b by hand) fitted
    with a squared error by plain SGD: gradient descent on it is stable only
    while lr * mean(x²) < 1 (the loss's curvature in the weight is 2 mean(x²)),
    so features of a size s with lr * s² of 1 or more make the weights diverge,
    however modest s is (hours ~44 at lr 0.01)."""
    stepped = _stepped_optimizer(facts, loop)
    if stepped is None or stepped[0] != "SGD":
        return None
    losses = [loss for loss in facts.loss_calls if any(control is loop for control in loss.call.controls)]
    if not losses or any(loss.functional != "mse_loss" for loss in losses):
        return None
    sizes = [m for m in scale.magnitudes() if m.why not in (scales.CONSTANT, scales.DATETIMES)]
    largest = max(sizes, key=lambda m: m.mean_square(), default=None)
    lr = stepped[1]
    if largest is None or largest.size <= UNIT_SCALE or lr * largest.mean_square() < 1:
        return None
    if largest.measured:
        square = f"{_approx(largest.size)}²"
    else:
        # A largest value: values spread from 0 up to it average a third of its square.
        square = f"{_approx(largest.size)}² / 3 (values spread up to {_approx(largest.size)})"
    ratio = lr * largest.mean_square()
    # Each step multiplies the weight's error by 1 - 2 lr mean(x²): at 1 it oscillates, past 1 it grows.
    effect = "the weights diverge" if ratio >= 1.2 else "at that bound the weights oscillate without converging, and diverge past it"
    text = (
        f"their values are ~{_approx(largest.size)} ({largest.why} at {facts.where(largest.node)}); a linear model fitted "
        f"with a squared error by gradient descent is stable only while lr × mean(x²) < 1, and here lr {lr:g} × "
        f"{square} is ~{_approx(ratio)}: {effect}"
    )
    return (largest.node,), text, (f"features: ~{_approx(largest.size)} ({largest.why})",), None


def _sgd_step_matched(facts: FileFacts, loop: Control, scale: Scale) -> bool:
    """SGD's learning rate times the features' mean square below 1 for each
    column: steps on them no larger than lr-1 steps on unit-scale ones, and
    gradient descent stable (the bound _diverging_linear_fit reports past)."""
    stepped = _stepped_optimizer(facts, loop)
    squares = [m.mean_square() for m in scale.magnitudes()]
    return stepped is not None and bool(squares) and stepped[1] * max(squares) < 1


def _target_message(facts: FileFacts, loss: LossCall, size: Magnitude, optimizer: str, lr: float) -> str:
    measured_lr = min(TARGET_RUNS, key=lambda rate: abs(math.log10(rate / lr)))
    runs = TARGET_RUNS[measured_lr]
    measured_size = min(runs, key=lambda known: abs(math.log10(known / size.size)))
    early, late = runs[measured_size]
    standard_early, standard_late = STANDARDIZED_TARGET_RUNS[measured_lr]
    target = loss.target.value
    if isinstance(target, Array) and _reconstructs(facts, target):
        fix = (
            "Fix: scale the data once, before it is both the model's input and its target (`x / 255` for 8-bit "
            "pixels, else standardize it with the training set's mean and std), and map the reconstructions back"
        )
    else:
        fix = (
            "Fix: standardize the target with the training set's mean and std, `(y - y.mean()) / y.std()`, train on that, "
            "and map the predictions back with `pred * std + mean`"
        )
        raw_inputs = _raw_inputs_of(facts, loss)
        if raw_inputs is not None:
            # Prices windowed into inputs and the next price as target: both sides need it.
            fed, magnitude = raw_inputs
            fix += (
                f"; the model's inputs {quoted(facts, fed.node)} are un-normalized too (~{_approx(magnitude.size)}, "
                f"{magnitude.why} at {facts.where(magnitude.node)}): standardize them with their own statistics as well"
            )
    return (
        f"target {quoted(facts, loss.target.node)} reaches {loss.display_name} un-normalized: its values are "
        f"~{_approx(size.size)} ({size.why} at {facts.where(size.node)}); {optimizer} at lr {lr:g} moves each weight by "
        f"about lr per step, so the output crawls toward values that large: a small MLP fitting a target of "
        f"~{_approx(measured_size)} with Adam at lr {measured_lr:g} reached R² {early:.2g} after 500 steps and {late:.2g} "
        f"after 2,000, where the target standardized reached {standard_early:.2f} and {standard_late:.2f} "
        f"(benchmarks/static_scale_effect.py --target). {fix}"
    )


def _raw_inputs_of(facts: FileFacts, loss: LossCall) -> Optional[Tuple[Arg, Magnitude]]:
    """The input of the model call that made the loss's prediction, when its
    values are known far from unit scale and never normalized: (that argument,
    its largest magnitude)."""
    prediction = loss.prediction.value
    for call in facts.calls:
        fed = models.model_input(call) if call.result is prediction else None
        scale = fed.value.scale if fed is not None and isinstance(fed.value, Array) else None
        if scale is not None and not scale.normalized and scale.largest() >= FAR_FROM_UNIT:
            return fed, max(scale.magnitudes(), key=lambda magnitude: magnitude.size)  # type: ignore[return-value]
    return None


def _features(features: Arg) -> bool:
    return isinstance(features.value, Array) and not _integer(features.value)


def _integer(array: Array) -> bool:
    """Integer ids (for nn.Embedding) and masks are no features to normalize."""
    return array.integral()


def _evidence(
    facts: FileFacts, scale: Scale
) -> Optional[Tuple[Tuple[object, ...], str, Tuple[str, ...], Optional[float]]]:
    """(what identifies the evidence: its nodes, how to say it, a label for
    each node, the size of a single feature far from unit scale when that is
    the evidence), or None without evidence."""
    columns = scale.columns or ()
    known = [(index, m) for index, m in enumerate(columns) if m is not None and m.size > 0 and m.why != scales.DATETIMES]
    if len(known) >= 2:
        big_index, big = max(known, key=lambda p: p[1].size)
        # A feature of its own is better evidence than a bias column of ones.
        varying = [(index, m) for index, m in known if m.why != scales.CONSTANT and big.size / m.size >= SCALE_RATIO]
        small_index, small = min(varying or known, key=lambda p: p[1].size)
        if big.size / small.size >= SCALE_RATIO and big.size > UNIT_SCALE:
            text = (
                f"column {big_index} is ~{_approx(big.size)} ({big.why} at {facts.where(big.node)}) "
                f"while column {small_index} is ~{_approx(small.size)} ({small.why} at {facts.where(small.node)})"
            )
            labels = (f"column {big_index}: ~{_approx(big.size)} ({big.why})", f"column {small_index}: ~{_approx(small.size)} ({small.why})")
            return (big.node, small.node), text, labels, None
    if scale.raw is not None:
        what, node = scale.raw
        return (node,), f"they are {what} ({facts.where(node)})", (f"features: {what}",), None
    large = max((m for _, m in known), key=lambda m: m.size, default=scale.uniform if columns == () else None)
    if large is not None and large.size >= FAR_FROM_UNIT:
        which = "values" if scale.columns is None else f"column {columns.index(large)}'s values"
        text = f"their {which} are ~{_approx(large.size)} ({large.why} at {facts.where(large.node)})"
        return (large.node,), text, (f"features: ~{_approx(large.size)} ({large.why})",), large.size
    return None


def _constant_column(scale: Optional[Scale]) -> Optional[int]:
    """The index of a column of one number throughout (``np.c_[np.ones(n), X]``)."""
    columns = scale.columns if scale is not None else None
    return next((index for index, m in enumerate(columns or ()) if m is not None and m.why == scales.CONSTANT), None)


def _stepped_optimizers(facts: FileFacts, loop: Optional[Control]) -> List[Optimizer]:
    """The torch.optim optimizers whose step() the training loop calls, each once
    (``loop`` None: training stepped once, outside any loop, as a notebook shows it)."""
    calls = _outside_loops(facts.method_calls) if loop is None else facts.within(loop, facts.method_calls)
    stepped = {id(call.receiver): call.receiver for call in calls if call.name == "step" and isinstance(call.receiver, Optimizer)}
    return list(stepped.values())


def _outside_loops(records: Sequence[Recorded]) -> List[Recorded]:
    return [record for record in records if next(loops_of(record.controls), None) is None]


def _optimizer_name(facts: FileFacts, loop: Optional[Control]) -> Optional[str]:
    """The class name of the torch.optim optimizer stepped in the training
    loop (``Adam``), None when none or several kinds are known."""
    names = {optimizer.qualname.rpartition(".")[2] for optimizer in _stepped_optimizers(facts, loop)}
    if not names and _descent_steps(facts, loop):
        return "SGD"  # gradient descent written out
    return names.pop() if len(names) == 1 else None


def _descent_steps(facts: FileFacts, loop: Optional[Control]) -> List[DescentStep]:
    return facts.within(loop, facts.descent_steps) if loop is not None else _outside_loops(facts.descent_steps)


def _large_effect(size: float, optimizer: Optional[str]) -> str:
    """What one feature this large does to training with that optimizer, as
    measured by benchmarks/static_scale_effect.py (a small MLP, one feature)."""
    if optimizer in ADAPTIVE:
        return (
            f"; {optimizer} sizes each weight's step itself, yet with one feature this far from unit scale a small MLP "
            "ended 500 steps at 1.8 to 100,000 times the loss it reached on the feature standardized "
            "(benchmarks/static_scale_effect.py)"
        )
    return (
        f"; a gradient step changes the first layer's output ~{_approx(size * size)} times as much as for a unit-scale "
        "feature, so with plain SGD a small MLP on one such feature went to nan within 2 steps or ended 500 steps at "
        "70 to 44,000 times the loss it reached on the feature standardized (benchmarks/static_scale_effect.py)"
    )


def _approx(size: float) -> str:
    """A typical size for a message: 1.7e+09 / 9906 / 244 / 0.48."""
    if size >= 1e6:
        return f"{size:.2g}"
    if size >= 10:
        return f"{size:.0f}"
    return f"{size:.2g}"


def _message(facts: FileFacts, features: Arg, evidence: str, pixels: bool = False, channels_first: bool = False) -> str:
    if pixels:
        fix = (
            "divide the pixels by 255 where they are made float (`.float() / 255`), "
            "optionally standardize them with the dataset's mean and std, and do the same at inference"
        )
    else:
        # Per feature: the statistics over every axis but the last (a sequence's time steps too);
        # per channel for a convolution's (N, C, ...) input.
        value = features.value
        shape = value.shape if isinstance(value, Array) else None
        # Windows (N, T, C) passed as they are and permuted channels-first inside the model: per last axis still.
        scale = value.scale if isinstance(value, Array) else None
        columns_last = scale is not None and scale.columns is not None and not scale.channels_first
        kept = 1 if channels_first and not columns_last and shape is not None and len(shape) > 2 else len(shape or ()) - 1
        axes = "0" if shape is None or len(shape) <= 2 else f"({', '.join(str(axis) for axis in range(len(shape)) if axis != kept)})"
        if kept != len(shape or ()) - 1:
            axes += ", keepdim=True"  # (1, C, 1, 1), to broadcast along the channels
        helper = "transforms.Normalize with those per-channel values" if "keepdim" in axes else "sklearn's StandardScaler"
        fix = (
            f"standardize them with the training set's statistics, `(X - X.mean({axes})) / X.std({axes})` "
            f"or {helper}, and reuse that mean and std at inference"
        )
        constant = _constant_column(value.scale if isinstance(value, Array) else None)
        if constant is not None:
            fix = (
                f"standardize every column but column {constant} with the training set's statistics (column "
                f"{constant} is one number throughout, a bias column whose std is 0: leave it as it is, or add it "
                "after sklearn's StandardScaler), and reuse that mean and std at inference"
            )
    return f"features {quoted(facts, features.node)} reach training un-normalized: {evidence}. Fix: {fix}"
