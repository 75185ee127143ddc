"""torchvision's model zoo (``resnet18()``, ``vgg16()``, ``densenet121()``,
...) and timm's ``create_model``: images in, one row of scores per image out.

What comes out is what the head makes of the pooled features: ``num_classes``
scores (1000 by default), or whatever the script put in the head's place
(``model.fc = nn.Linear(model.fc.in_features, 1)``, ``model.classifier[6] =
nn.Linear(4096, 1)``): an image regressor then predicts (B, 1).
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Dict, Optional, Tuple

import libcst as cst

from torchlint.core.api.arrays import TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.shapes import Dim
from torchlint.core.values import Activation, Array, Const, Linear, Seq, Sequential, Value, ZooModel, ZooStage, as_dim


def _dropout() -> Value:
    return Activation("torch.nn.Dropout")


def _relu() -> Value:
    return Activation("torch.nn.ReLU")


# How each family's head is built, from (pooled features, classes, node).
HeadBuilder = Callable[[Dim, Dim, cst.CSTNode], Value]


def _linear_head(features: Dim, classes: Dim, node: cst.CSTNode) -> Value:
    return Linear(features, classes, node)


def _vgg_head(features: Dim, classes: Dim, node: cst.CSTNode) -> Value:
    return Sequential(
        (Linear(features, 4096, node), _relu(), _dropout(), Linear(4096, 4096, node), _relu(), _dropout(), Linear(4096, classes, node))
    )


def _alexnet_head(features: Dim, classes: Dim, node: cst.CSTNode) -> Value:
    return Sequential(
        (_dropout(), Linear(features, 4096, node), _relu(), _dropout(), Linear(4096, 4096, node), _relu(), Linear(4096, classes, node))
    )


def _dropout_linear_head(features: Dim, classes: Dim, node: cst.CSTNode) -> Value:
    return Sequential((_dropout(), Linear(features, classes, node)))


def _mobilenet_v3_head(hidden: int) -> HeadBuilder:
    def build(features: Dim, classes: Dim, node: cst.CSTNode) -> Value:
        return Sequential((Linear(features, hidden, node), Activation("torch.nn.Hardswish"), _dropout(), Linear(hidden, classes, node)))

    return build


# Model builder -> (head attribute, width of the pooled features, head).
_ZOO: Dict[str, Tuple[str, int, HeadBuilder]] = {
    **{name: ("fc", 512, _linear_head) for name in ("resnet18", "resnet34")},
    **{
        name: ("fc", 2048, _linear_head)
        for name in (
            "resnet50",
            "resnet101",
            "resnet152",
            "resnext50_32x4d",
            "resnext101_32x8d",
            "resnext101_64x4d",
            "wide_resnet50_2",
            "wide_resnet101_2",
        )
    },
    "googlenet": ("fc", 1024, _linear_head),
    "shufflenet_v2_x1_0": ("fc", 1024, _linear_head),
    **{name: ("classifier", 25088, _vgg_head) for name in "vgg11 vgg11_bn vgg13 vgg13_bn vgg16 vgg16_bn vgg19 vgg19_bn".split()},
    "alexnet": ("classifier", 9216, _alexnet_head),
    "densenet121": ("classifier", 1024, _linear_head),
    "densenet161": ("classifier", 2208, _linear_head),
    "densenet169": ("classifier", 1664, _linear_head),
    "densenet201": ("classifier", 1920, _linear_head),
    "mobilenet_v2": ("classifier", 1280, _dropout_linear_head),
    "mobilenet_v3_large": ("classifier", 960, _mobilenet_v3_head(1280)),
    "mobilenet_v3_small": ("classifier", 576, _mobilenet_v3_head(1024)),
    **{
        f"efficientnet_b{index}": ("classifier", width, _dropout_linear_head)
        for index, width in enumerate((1280, 1280, 1408, 1536, 1792, 2048, 2304, 2560))
    },
}


def _body_mode_layer(name: str) -> Optional[str]:
    """The mode-dependent layer of the body (before the head): VGG without
    ``_bn`` and AlexNet have none there (their dropout is in the head)."""
    if name.startswith("vgg") and not name.endswith("_bn") or name == "alexnet":
        return None
    return "BatchNorm2d"


def _body_children(name: str) -> int:
    """conv1, bn1, relu, maxpool, layer1 ... layer4 before a ResNet's avgpool and fc."""
    return 8 if name.startswith(("resnet", "resnext", "wide_resnet")) else 0


def _builder(name: str, head_name: str, features: int, head: HeadBuilder):
    def make(site: CallSite) -> Optional[Value]:
        classes = as_dim(site.value(None, "num_classes")) if site.given(None, "num_classes") else 1000
        built = head(features, classes, site.node)
        return ZooModel(f"torchvision.models.{name}", head_name, built, features, _body_mode_layer(name), _body_children(name))

    return make


for _name, (_head_name, _features, _head) in _ZOO.items():
    handles(f"torchvision.models.{_name}")(_builder(_name, _head_name, _features, _head))


@handles("timm.create_model")
def _timm_model(site: CallSite) -> Optional[Value]:
    """``timm.create_model(name, num_classes=k)``: k scores per image (its
    head's attribute differs by family, so only the count is known)."""
    classes = site.value(None, "num_classes")
    if not isinstance(classes, Const) or not isinstance(classes.value, int):
        return None
    return ZooModel("timm.create_model", "", Linear(None, classes.value, site.node), None)


def applied(model: ZooModel, images: Optional[Value], site: CallSite) -> Optional[Value]:
    """The model on a batch of images (B, C, H, W): the head on (B, features)."""
    if not isinstance(images, Array) or images.shape is None or len(images.shape) != 4 or model.head is None:
        return None
    graph = "output" if site.evaluator.grad_enabled[-1] else None
    pooled = Array(kind=TENSOR, shape=(images.shape[0], model.features), origin=site.node, dtype="float32", graph=graph)
    return site.evaluator.call_module(model.head, pooled, site)


def head_replaced(model: ZooModel, name: str, head: Optional[Value]) -> Optional[ZooModel]:
    """The model once ``model.<name> = head`` ran; None if that is not its head."""
    if name != model.head_name or not name:
        return None
    return dataclasses.replace(model, head=head)


def children(model: ZooModel) -> Optional[Value]:
    """``model.children()``: its body's stages, the global pooling, the head."""
    if not model.body_children:
        return None
    body = tuple(ZooStage(model.qualname, "body") for _ in range(model.body_children - 1))
    last = ZooStage(model.qualname, "features", model.features)
    return Seq(body + (last, ZooStage(model.qualname, "pool"), model.head), "list")


def stage_applied(stage: ZooStage, images: Optional[Value], site: CallSite) -> Optional[Value]:
    """A child of a zoo model on a batch of feature maps (B, C, H, W)."""
    if not isinstance(images, Array) or images.shape is None or len(images.shape) != 4:
        return None
    batch, channels = images.shape[0], images.shape[1]
    shape = {
        "body": (batch, None, None, None),
        "features": (batch, stage.channels, None, None),
        "pool": (batch, channels, 1, 1),
    }[stage.role]
    graph = "output" if site.evaluator.grad_enabled[-1] else None
    return Array(kind=TENSOR, shape=shape, origin=site.node, dtype="float32", graph=graph)
