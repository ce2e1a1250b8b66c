"""Papers from the network: the arXiv API and listing feeds, Hugging Face Daily Papers.

Network in, plain records out; nothing here writes the library. The commands that use
the network (``paperdeck add``, ``enrich``, ``fetch``, the app's ``F`` and ``a``) turn
the records into entries (``records.entries_of``, through the importers' sanitising
door) and import them through ``Library.import_entries``, like a file.

- ``specs``: what a person types (arXiv ids in every spelling, ``arxiv:CAT``,
  ``hf[:DATE]``, ``search:QUERY``); ``endpoints``: where the services are.
- ``http``: the one HTTP client (httpx): User-Agent, timeouts, retries with backoff
  honouring Retry-After, the 3 s gap between arXiv requests, conditional requests.
- ``arxiv_api``, ``arxiv_feed``, ``huggingface``: one parser a response layout
  (feedparser for Atom and RSS; json for Hugging Face).
- ``names``: author lines as arXiv's feeds write them; ``records``: the plain record.
- ``client``: the operations the commands call (look up ids, search titles, fetch a
  source).

This package's ``__init__``, ``errors`` and ``specs`` import neither httpx nor
feedparser, so the config and the CLI's error handling can use them for free; the
other modules import them at the top and are imported only by the commands that use
the network.
"""
