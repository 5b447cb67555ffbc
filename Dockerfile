# The renda API. Settings come from the environment (RENDA_*); see README.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY renda ./renda
RUN pip install --no-cache-dir . && useradd --create-home renda
USER renda
EXPOSE 8000
CMD ["renda", "serve", "--host", "0.0.0.0", "--port", "8000"]
