"""Actors: spaCy entities -> canonical actors inside one article, then across articles.

Pure functions; the reference tables (seeds/reference/*.csv) and the hand-kept vocabulary
(seeds/lexicons/titles.csv, actor_extras.csv) come in compiled as an `ActorLexicon`.

`analyse_actors` runs the stages in order, each a module of ordered rules:

* `spans`: the model's entities, fixed (`ENTITY_RULES`: cuts at numbers and "v", wire layout
  patterns, organisation cues, label consistency, untagged countries) and trimmed of "the",
  a possessive and swallowed titles (`SPAN_RULES`);
* `canonical`: each span -> a country, a country-sector group ("North Korean officials" ->
  ``group:PRKGOV``), a person, an organisation, a people or a place (`MENTION_RULES`);
* `people` and `titles`: a person's roles (title before the name, appositive after it),
  country and sector; partial names ("Pompeo") linked to the full name; `predicates`: roles
  said in a clause ("X, who was a candidate", "X served as mayor");
* `nominals`: unnamed state agents ("State prosecutors", "police") as actors;
* `resolve`: across articles, local keys -> warehouse actor ids (`resolve_actors`).
"""

from __future__ import annotations

from transforms.actors.canonical import (
    Cast,
    add_mentions,
    collect_full_names,
    demonym_before_group,
    focus_country,
    located_groups,
)
from transforms.actors.lexicon import ActorLexicon, norm
from transforms.actors.nominals import state_agents
from transforms.actors.people import link_partial_names
from transforms.actors.predicates import predicate_roles
from transforms.actors.resolve import (
    ACTOR_ROLE,
    DIM_ACTOR,
    DIM_ACTOR_ALIAS,
    KEY_MAP,
    STG_ACTOR_ROLE,
    STG_LOCAL_ACTOR,
    ActorResolution,
    actor_id,
    build_actor_roles,
    resolve_actors,
)
from transforms.actors.span_rules import entity_spans
from transforms.actors.spans import ENTITY_LABELS
from transforms.actors.tokens import TokenFlags
from transforms.doc_model import ArticleActors

__all__ = [
    "ACTOR_ROLE",
    "DIM_ACTOR",
    "DIM_ACTOR_ALIAS",
    "ENTITY_LABELS",
    "KEY_MAP",
    "STG_ACTOR_ROLE",
    "STG_LOCAL_ACTOR",
    "ActorLexicon",
    "ActorResolution",
    "actor_id",
    "analyse_actors",
    "build_actor_roles",
    "norm",
    "resolve_actors",
]


def find_spans(ctx, lexicon: ActorLexicon) -> Cast:
    """Spans stage: the article's name spans, fixed and trimmed (`spans.entity_spans`)."""
    return Cast(ctx, lexicon, entity_spans(ctx, TokenFlags.of(ctx), lexicon))


def read_article(cast: Cast) -> None:
    """Article-wide facts the rules read: its focus country and its full person names."""
    cast.focus = focus_country(cast)
    collect_full_names(cast)


def canonical_actors(cast: Cast) -> None:
    """Canonical stage: every span -> a mention of an actor, then partial names linked."""
    add_mentions(cast)
    link_partial_names(cast)
    predicate_roles(cast)


def nominal_groups(cast: Cast) -> None:
    """Groups named without a name span: "rebels in the Ivory Coast", a people after a
    demonym ("Iraqi Kurds") placed in that country, and unnamed state agents ("State
    prosecutors", "police": `nominals`)."""
    located_groups(cast)
    demonym_before_group(cast)
    state_agents(cast)


def analyse_actors(ctx, lexicon: ActorLexicon) -> ArticleActors:
    """Mentions and canonical actors of one parsed article (stages in the module docstring)."""
    cast = find_spans(ctx, lexicon)
    read_article(cast)
    canonical_actors(cast)
    nominal_groups(cast)
    return cast.result()
