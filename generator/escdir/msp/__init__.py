"""The MSP view: the MSP's own tiers/OLAs/priorities, its clients, client-facing pages and checks."""
