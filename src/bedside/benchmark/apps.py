from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    name = "bedside.benchmark"
    label = "benchmark"
    verbose_name = "Benchmark"
