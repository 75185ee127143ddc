"""Settings read from a configuration file: ``yaml.safe_load(f)`` (and
``load``, ``full_load``), ``json.load(f)``, ``json.loads(f.read())``,
``OmegaConf.load(path)``, and ``EasyDict`` / ``OmegaConf.create`` of them.

A file found in the checkout (``core/configfiles.py`` reads it) gives its
settings as the script runs with them: a mapping is a bag of named values,
read by key (``config["data"]["path"]``) and by attribute (``cfg.data.path``,
as EasyDict and OmegaConf allow), a list is a list, numbers and strings are
known. A file that is not there, or not read, gives nothing.
"""

from __future__ import annotations

from typing import Optional

from torchlint.core import configfiles, datafiles
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.api.textfiles import Text, TextFile
from torchlint.core.values import Bunch, Const, Seq, Value, as_str

# Containers deeper than this are not followed (a configuration is shallow).
_DEPTH = 8


def settings(settings_read: object, depth: int = 0) -> Optional[Value]:
    """The value the evaluator follows for what a configuration file holds."""
    if settings_read is configfiles.UNREAD or depth > _DEPTH:
        return None
    if isinstance(settings_read, dict):
        return Bunch(tuple((str(key), settings(item, depth + 1)) for key, item in settings_read.items()))
    if isinstance(settings_read, list):
        return Seq(tuple(settings(item, depth + 1) for item in settings_read), "list")
    if settings_read is None or isinstance(settings_read, (bool, int, float, str)):
        return Const(settings_read)
    return None


def _read(stream: Optional[Value]) -> Optional[Value]:
    """The settings of an opened configuration file, or of its whole text."""
    if isinstance(stream, Text) and stream.whole:
        stream = stream.file
    if not isinstance(stream, TextFile) or stream.config is None:
        return None
    return settings(configfiles.read(stream.config))


def _loader(parameter: str):
    """A function reading settings from the stream (or text) given as ``parameter``."""

    def load(site: CallSite) -> Optional[Value]:
        return _read(site.value(0, parameter))

    return load


handles("yaml.safe_load", "yaml.load", "yaml.full_load", "yaml.unsafe_load")(_loader("stream"))
handles("json.load")(_loader("fp"))
handles("json.loads")(_loader("s"))


@handles("omegaconf.OmegaConf.load")
def _omegaconf_load(site: CallSite) -> Optional[Value]:
    given = site.value(0, "file_")
    path = as_str(given)
    if path is None:
        return _read(given)
    located = datafiles.locate(path, site.evaluator.facts.path, site.evaluator.facts.data_dirs)
    if located is None or not located.lower().endswith(configfiles.CONFIG_SUFFIXES):
        return None
    return settings(configfiles.read(located))


@handles("easydict.EasyDict", "omegaconf.OmegaConf.create", "addict.Dict", "munch.Munch", "munch.munchify")
def _attribute_dict(site: CallSite) -> Optional[Value]:
    """A dict made readable by attribute: the same settings."""
    given = site.value(0, None)
    return given if type(given) is Bunch else None
