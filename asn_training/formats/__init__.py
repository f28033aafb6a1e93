"""Readers and writers of files people exchange: XLSX and CSV tables, roster files, PDF documents."""
