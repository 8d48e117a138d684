"""Does not even compile."""
def main(:
    pass
