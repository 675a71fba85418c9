# R readxl: every sheet of every listed workbook to CSV, cells as text. Inputs
# that fail are listed in OUT_DIR.failed.
#   Rscript readxl_dump.R OUT_DIR LIST_OF_PATHS
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]
files <- readLines(args[2], encoding = "UTF-8")
suppressPackageStartupMessages(library(readxl))
use_readr <- requireNamespace("readr", quietly = TRUE)
failed <- 0
for (i in seq_along(files)) {
  ok <- tryCatch({
    for (s in excel_sheets(files[i])) {
      d <- suppressMessages(read_excel(files[i], sheet = s, col_names = FALSE, col_types = "text",
                                       .name_repair = "minimal"))
      target <- file.path(out, paste0(i, "-", s, ".csv"))
      if (use_readr) readr::write_csv(d, target, na = "", col_names = FALSE) else
        write.csv(d, target, row.names = FALSE, na = "")
    }
    TRUE
  }, error = function(e) {
    message("readxl_dump: ", files[i], ": ", conditionMessage(e))
    cat(files[i], "\n", sep = "", file = paste0(sub("/$", "", out), ".failed"), append = TRUE)
    FALSE
  })
  if (!ok) failed <- failed + 1
}
cat("readxl_dump:", length(files), "files,", failed, "failed\n")
quit(status = if (failed > 0) 1 else 0)
