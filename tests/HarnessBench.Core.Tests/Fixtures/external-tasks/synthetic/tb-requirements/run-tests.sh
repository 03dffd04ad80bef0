uv run pytest $TEST_DIR/test_outputs.py
