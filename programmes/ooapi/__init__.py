"""The catalogue from the school's own source: programmes and intakes read from an OOAPI v5
endpoint (client.py), mapped in one declarative place (mapping.py), saved by importer.py."""
