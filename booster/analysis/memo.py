"""Results remembered by the identity of their inputs: an analyst page reruns at every click on
the same tables (load_tables and filter_tables give back the same objects while nothing changed),
so a derived table is computed once per data and filter, not once per rerun.

Tables and frames (unhashable) are keyed by identity and held weakly, so a cached result never
outlives its inputs and a recycled id cannot match; lists and dicts by their items; anything
hashable (text, numbers, dates, contents) by value.
Callers must not change a result in place (every analysis function returns a fresh frame).
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict

def _part(value, refs: list):
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return (type(value).__name__, *(_part(v, refs) for v in items))
    if isinstance(value, dict):  # e.g. a {version: content} lookup
        return ("dict", *((k, _part(v, refs)) for k, v in value.items()))
    try:
        hash(value)
        return value
    except TypeError:
        pass
    try:
        refs.append(weakref.ref(value))
    except TypeError:
        refs.append(lambda v=value: v)  # cannot be held weakly: held, so its id stays its own
    return ("id", id(value))


def by_identity(maxsize: int = 8):
    """Decorator: remember the last `maxsize` results of a function by its arguments' identity."""

    def wrap(fn):
        entries: OrderedDict = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(fn)
        def cached(*args, **kwargs):
            refs: list = []
            key = (tuple(_part(a, refs) for a in args), tuple((k, _part(v, refs)) for k, v in sorted(kwargs.items())))
            with lock:
                hit = entries.get(key)
                if hit is not None and all(r() is not None for r in hit[0]):
                    entries.move_to_end(key)
                    return hit[1]
            result = fn(*args, **kwargs)
            with lock:
                entries[key] = (refs, result)
                while len(entries) > maxsize:
                    entries.popitem(last=False)
            return result

        cached.uncached = fn
        return cached

    return wrap
