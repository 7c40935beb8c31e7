"""One timeline per person: what every app holds about a person, in date order (no models of its own)."""
