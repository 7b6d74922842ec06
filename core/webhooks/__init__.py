"""Outbound webhooks, signed as the Standard Webhooks specification says and delivered
through the core outbox (models, services, selectors, signing, delivery, views, api)."""
