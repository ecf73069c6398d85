"""`site-builder import`: a transcript (Word, plain text, Markdown) becomes a story file.

reader (file formats -> paragraphs) -> speakers (labels -> people) -> structure (turns, lists,
sections, closing) -> writer (front matter, body, the file) -> the model validates the result;
report collects every guess with its input line for the editor to review.
"""
