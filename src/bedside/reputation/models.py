"""Listings on review sites and maps (Google, Yelp, Healthgrades, Vitals)."""

from __future__ import annotations

from django.db import models

from bedside.channels.models import Channel


class Listing(models.Model):
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="listings")
    network = models.CharField(max_length=20)
    external_id = models.CharField(max_length=300)
    name = models.CharField(max_length=300)
    url = models.URLField(max_length=1000, blank=True)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    rating = models.FloatField(null=True, blank=True)
    review_count = models.IntegerField(null=True, blank=True)
    specialty = models.CharField(max_length=200, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    fetched_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["network", "external_id"], name="one_listing_per_network_id")]

    def __str__(self) -> str:
        return f"{self.name} on {self.network}"
