"""What newsroom passes on to partners and readers: ninjs documents, webhooks, alerts."""
