"""Sample values for URL parameters, for the access-matrix test.

Every URL parameter name used anywhere in the project must have an entry here,
or the matrix test fails and names it. Each sample belongs to RIKEN (the cast's
agency), so outsiders of RIKEN must get 403/404 for it.

An entry is ``name: function(cast) -> value``. Apps add their own entries by
calling ``sample("name")`` as a decorator in ``tests/<app>/samples.py``; the
matrix test imports those modules.
"""

from collections.abc import Callable

SAMPLES: dict[str, Callable] = {}


def sample(name: str):
    def register(factory: Callable) -> Callable:
        if name in SAMPLES:
            raise ValueError(f"Duplicate access sample {name!r}")
        SAMPLES[name] = factory
        return factory

    return register


@sample("agency")
def _agency(cast):
    return cast.agency.code


@sample("ministry")
def _ministry(cast):
    return "MEXT"


# Password-reset links are public; any value exercises them.
@sample("uidb64")
def _uidb64(cast):
    return "MQ"


@sample("token")
def _token(cast):
    return "set-password"
