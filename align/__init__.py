"""glossalign: Chinese-English sentence alignment and glossary checks."""

__version__ = "0.1.0"
