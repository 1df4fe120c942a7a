"""smq-analytics: analytics workbooks for the Société des musées du Québec and its member museums."""

__version__ = "0.1.0"
