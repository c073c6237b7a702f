"""The demo data of the register of capital investments (`consult.investments.demo`)."""
