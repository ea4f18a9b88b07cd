"""TEI All in milliseconds: its grammar pruned to the names each batch of documents uses (`grammar`), where libxml2
reads datatypes otherwise than jing, read as jing does (`datatypes`), pruned grammars kept on disk (`cache`), and
TEI's own Schematron constraints run beside them (`checker`)."""

from teikit.validate.checkers.tei_all.checker import TeiAllChecker

__all__ = ["TeiAllChecker"]
