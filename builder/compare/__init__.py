"""Compare the sources of a corpus: who reports what, where they disagree, what they share.

`compare(corpus)` is a pure, deterministic function of the extracted model. It finds

- **coverage**: the actors and dated facts the most sources mention, source by source, with the
  paragraph that mentions them, and what only one source mentions;
- **figures**: quantities counting the same thing (same unit, or units listed together in
  `builder/data/compare.yml`) with different values or qualifiers, each with its attribution and
  the period of the event it belongs to, and whether the sources make different claims (another
  attribution or period) or the same one;
- **durations**: lengths of time in different sources whose surrounding words match (the same
  war, the same talks), judged consistent when one value can satisfy both qualifiers;
- **roles**: "<role words> <country>" (role words from `lexicon.yml`: "Presiden Korea Selatan")
  in one source's account of an event, with no name after it, where the other sources' accounts
  do not mention that country and name a person that sources introduce with another country
  ("Pemimpin Tertinggi Korea Utara Kim Jong Un"); or one source introducing a person with a
  country while two or more other sources introduce them with another;
- **quote variants**: the same statement as different outlets render it (same speaker, similar
  words), with a word-level diff against the earliest version; a sentence without quotation marks
  next to the speaker's name can be a variant too (reported speech);
- **staleness**: how long before the newest source each one was published; *background* is
  `builder.pages.plan.background_ids`, reused;
- **shared text**: pairs of sources sharing word shingles, with Jaccard similarity and
  containment, near-duplicates and rewrites flagged.

No analysis compares all pairs of anything: shared text and quotes are blocked (see
`shared.shared_text` and `quotes._quotes` for how, and what it costs), durations are paired
through an index of their topic words, figures are compared per unit, once per distinct claim.
Every look-up within a paragraph bisects (`positions`): a 10 MB article of one paragraph is
compared in time linear in its length.

Each analysis is a module, or a short chain of them (roles on role_phrases; quotes on grouping,
quote_candidates, statements, similarity; shared on passage, shingles). They share the look-ups
of `index`, the pair blocking of `blocking`, and at the bottom the results of `model` and the
settings of `settings`; no analysis imports another.

Language lives in `builder/data/compare.yml` (stopwords, units) and `lexicon.yml` (role words).
"""

from __future__ import annotations

from ..model import Corpus
from .blocking import blocked_pairs, lsh_pairs, minhash_signature
from .coverage import _coverage
from .figures import _Figures
from .index import _Index
from .model import (
    Cell,
    Comparison,
    Coverage,
    CoverageRow,
    DiffSegment,
    DuplicateCost,
    DurationComparison,
    Exclusive,
    Figure,
    FigureDiscrepancy,
    Marked,
    QuoteGroup,
    QuoteVariant,
    Ref,
    RoleConflict,
    SharedText,
    SimilarPair,
    SourceAge,
)
from .quote_candidates import QUOTE_BINS, QUOTE_ROWS
from .quotes import _quotes
from .roles import MAX_WITNESSES, _roles
from .settings import (
    FALLBACK_LANGUAGE,
    SETTINGS_FILE,
    CoverageSettings,
    DuplicateSettings,
    FigureSettings,
    QuoteSettings,
    Settings,
    Words,
    _words_for,
    load_settings,
)
from .shared import shared_text
from .shingles import candidate_pairs
from .similarity import statement_similarity, text_similarity, word_diff
from .staleness import _staleness

__all__ = [
    "FALLBACK_LANGUAGE",
    "MAX_WITNESSES",
    "QUOTE_BINS",
    "QUOTE_ROWS",
    "SETTINGS_FILE",
    "Cell",
    "Comparison",
    "Coverage",
    "CoverageRow",
    "CoverageSettings",
    "DiffSegment",
    "DuplicateCost",
    "DuplicateSettings",
    "DurationComparison",
    "Exclusive",
    "Figure",
    "FigureDiscrepancy",
    "FigureSettings",
    "Marked",
    "QuoteGroup",
    "QuoteSettings",
    "QuoteVariant",
    "Ref",
    "RoleConflict",
    "Settings",
    "SharedText",
    "SimilarPair",
    "SourceAge",
    "Words",
    "blocked_pairs",
    "candidate_pairs",
    "compare",
    "load_settings",
    "lsh_pairs",
    "minhash_signature",
    "shared_text",
    "statement_similarity",
    "text_similarity",
    "word_diff",
]


def compare(corpus: Corpus, settings: Settings | None = None) -> Comparison:
    """The comparison of the corpus' sources. Pure: the same corpus gives the same result."""
    # The site's own notion of background sources and of source order, reused (a function-level
    # import: pages.plan renders this package's result).
    from ..pages.plan import background_ids, by_date

    cfg = settings if settings is not None else load_settings()
    stale = background_ids(corpus)
    ordered = by_date(corpus.sources)
    index = _Index(corpus, ordered)
    figures = _Figures(index, cfg.figures)
    return Comparison(
        words=_words_for(cfg, corpus.story.language),
        background=stale,
        coverage=_coverage(index, ordered, stale, cfg.coverage),
        figures=tuple(figures.discrepancies()),
        durations=tuple(figures.durations()),
        roles=_roles(index, stale),
        quotes=_quotes(index, stale, cfg.quotes),
        staleness=_staleness(ordered, stale),
        shared=shared_text(ordered, cfg.duplicates),
    )
