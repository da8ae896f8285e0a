"""Evaluation: the gold Q&A set, answer/citation metrics, the runner, reports and the CI thresholds."""

from budgetqa.eval.crosscheck import cross_check
from budgetqa.eval.gold import KINDS, EvalError, GoldError, GoldItem, bundled_gold_paths, load_gold
from budgetqa.eval.metrics import Scored, breakdown, numbers_match, score, summarize
from budgetqa.eval.report import check_thresholds, compare, load_thresholds, summary_text, write_report
from budgetqa.eval.results import EvalReport
from budgetqa.eval.runner import AnswererLike, cli_eval, run_eval

__all__ = [
    "KINDS",
    "AnswererLike",
    "EvalError",
    "EvalReport",
    "GoldError",
    "GoldItem",
    "Scored",
    "breakdown",
    "bundled_gold_paths",
    "check_thresholds",
    "cli_eval",
    "compare",
    "cross_check",
    "load_gold",
    "load_thresholds",
    "numbers_match",
    "run_eval",
    "score",
    "summarize",
    "summary_text",
    "write_report",
]
