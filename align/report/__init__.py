"""The review page: ``html`` renders it from an alignment and its ``Review``, ``assets`` holds
its CSS and JavaScript, ``screenshot`` photographs it with a headless Chromium."""
