"""Question answering: exact figure lookup first, calculation second, quoted narrative third.

from budgetqa.qa import ask
answer = ask(store, "2023年公务接待费比上年减少多少？")
answer.answer, answer.value, answer.formula, answer.citations
"""

from budgetqa.qa.answer import Answer, Citation
from budgetqa.qa.answerer import Answerer, ask
from budgetqa.qa.conversation import Session

__all__ = ["Answer", "Answerer", "Citation", "Session", "ask"]
