"""Litigation fees paid (缴费): the fee charge of a case, payments through a payment platform, receipts, refunds."""
