"""Corpus -> statistics: tokenisation, vocabulary, windowed co-occurrence counts and QWEM's target M*."""

from .._validation import SubsamplingError
from ._cooccurrence_matrix import CooccurrenceMatrix, check_cooccurrence
from ._corpus import EncodedCorpus, encode_corpus, restrict_stream, select_vocabulary
from ._qwem_evidence import EvidenceWeightedTarget, evidence_weights
from ._qwem_target import (
    QWEMTargetOperator,
    dense_qwem_target,
    qwem_distributions,
    qwem_sparse_part,
)
from ._vectorizer import CooccurrenceVectorizer, window_weights

__all__ = [
    "CooccurrenceMatrix",
    "CooccurrenceVectorizer",
    "EncodedCorpus",
    "EvidenceWeightedTarget",
    "QWEMTargetOperator",
    "SubsamplingError",
    "check_cooccurrence",
    "dense_qwem_target",
    "encode_corpus",
    "evidence_weights",
    "qwem_distributions",
    "qwem_sparse_part",
    "restrict_stream",
    "select_vocabulary",
    "window_weights",
]
