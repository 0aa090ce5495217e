"""xlwings' remote engine (the one xlwings Lite and Server run) needs a licence key at import time.

"noncommercial" is xlwings' documented key for noncommercial use: set here, for the tests only,
before anything imports xlwings. The product needs no key for the file door or classic Excel.
"""
import os

os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
