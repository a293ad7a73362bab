"""Data files: the analysis as CSV/XLSX/HTML with a codebook (export, codebook) and one session's
documents as a zip bundle that another data folder can import (bundle)."""
