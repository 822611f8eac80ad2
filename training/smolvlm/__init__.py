"""Plain-PyTorch SmolVLM reference: model, processor, tokenizer and safetensors I/O.

Used to make the tiny parity checkpoints and goldens under testdata/ and, later, to train the demo model.
"""
