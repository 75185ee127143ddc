"""seaborn's example datasets: ``sns.load_dataset("flights")`` downloads a
published table, the same for every script, so its columns and their sizes
are known without the file (the LSTM tutorials' airline passengers, ~280, are
raw until a scaler takes them).

Each column's typical size is the larger of |mean| and std over the published
table, as ``datafiles`` measures a CSV; a text column has none.
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from torchlint.core.api.arrays import FRAME
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.scales import Magnitude, Scale
from torchlint.core.values import Array, Value, as_str

# name -> ((column, typical size or None for text), ...) and the row count.
DATASETS: Dict[str, Tuple[Tuple[Tuple[str, Optional[float]], ...], int]] = {
    "flights": ((("year", 1954.5), ("month", None), ("passengers", 280.3)), 144),
    "tips": (
        (("total_bill", 19.8), ("tip", 3.0), ("sex", None), ("smoker", None), ("day", None), ("time", None), ("size", 2.6)),
        244,
    ),
    "iris": (
        (("sepal_length", 5.8), ("sepal_width", 3.1), ("petal_length", 3.8), ("petal_width", 1.2), ("species", None)),
        150,
    ),
    "penguins": (
        (
            ("species", None),
            ("island", None),
            ("bill_length_mm", 43.9),
            ("bill_depth_mm", 17.2),
            ("flipper_length_mm", 200.9),
            ("body_mass_g", 4201.8),
            ("sex", None),
        ),
        344,
    ),
    "mpg": (
        (
            ("mpg", 23.5),
            ("cylinders", 5.5),
            ("displacement", 193.4),
            ("horsepower", 104.5),
            ("weight", 2970.4),
            ("acceleration", 15.6),
            ("model_year", 76.0),
            ("origin", None),
            ("name", None),
        ),
        398,
    ),
    "diamonds": (
        (
            ("carat", 0.8),
            ("cut", None),
            ("color", None),
            ("clarity", None),
            ("depth", 61.7),
            ("table", 57.5),
            ("price", 3932.8),
            ("x", 5.7),
            ("y", 5.7),
            ("z", 3.5),
        ),
        53940,
    ),
}


@handles("seaborn.load_dataset")
def _load_dataset(site: CallSite) -> Optional[Value]:
    name = as_str(site.value(0, "name"))
    if name not in DATASETS:
        return None
    columns, rows = DATASETS[name]
    magnitudes = tuple(
        Magnitude(size, f"'{column}' of seaborn's {name} dataset", site.node, measured=True) if size is not None else None
        for column, size in columns
    )
    return Array(
        kind=FRAME,
        shape=(rows, len(columns)),
        origin=site.node,
        columns=tuple(column for column, _ in columns),
        scale=Scale(columns=magnitudes),
    )
