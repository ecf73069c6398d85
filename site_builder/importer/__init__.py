"""`site-builder import`: a transcript (Word, plain text, Markdown) becomes a story file.

One sequence, each stage a module that returns what the next needs:

    reader     the file -> numbered blocks (paragraphs, headings, list items with their depth,
               quotes, rules, pictures), from each format's own structure
    labels     what a paragraph's start could be: a speaker label, a question or answer prefix
    evidence   which candidates are speaker labels (they recur, or name someone), who they are,
               and which label asks the questions (the interviewer)
    speakers   names -> people in content/people, or people the text introduces
    dates      a date line under the title
    structure  blocks -> a draft: title, lead, turns, lists, sections, closing, question numbers
    draft      that draft's data (turns, pieces, list items), which the next stages share
    addressees whom each question is for: `to X`, notes, vocatives, "both" = those who answer
    mentions   principles and awards the text names (awards only from statements of receipt)
    writer     front matter and the body in the interview syntax; the file, never overwritten
    report     every decision the reader was unsure of, with its input line
"""
