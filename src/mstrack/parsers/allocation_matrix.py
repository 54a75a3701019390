def parse(section, context):
    from . import ParseResult
    return ParseResult()
