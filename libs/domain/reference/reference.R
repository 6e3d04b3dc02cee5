# Independent reference values for libs/domain/src/statistics, computed with R.
#
#   Rscript libs/domain/reference/reference.R
#
# writes reference-values.json next to this script. The domain's specs compare the
# TypeScript implementation to these numbers to 1e-9. Needs R and the recommended
# package `survival` only (Debian/Ubuntu: apt-get install r-cran-survival); the JSON is
# written by hand so that no other package is needed.
#
# Kaplan-Meier: survfit(Surv(time, event) ~ 1, conf.type = "log-log") and its summary at
# days 91, 182 and 365 with extend = TRUE, plus the full curve.
# Wilson: prop.test(x, n, correct = FALSE)$conf.int.
# Newcombe hybrid score (1998, method 10): from those Wilson limits.

suppressPackageStartupMessages(library(survival))

script_dir <- local({
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(file_arg) == 1) dirname(normalizePath(sub("^--file=", "", file_arg))) else getwd()
})

# ---- JSON by hand: 17 significant digits, NA / NaN / Inf as null -----------------------

json_number <- function(x) {
  if (is.na(x) || !is.finite(x)) return("null")
  if (x == round(x) && abs(x) < 1e15) return(sprintf("%.0f", x))
  sprintf("%.17g", x)
}
json_string <- function(x) paste0('"', gsub('"', '\\\\"', x), '"')
json_array <- function(xs) paste0("[", paste(vapply(xs, json_number, ""), collapse = ", "), "]")
json_object <- function(fields) {
  paste0("{", paste(sprintf("%s: %s", json_string(names(fields)), unlist(fields)), collapse = ", "), "}")
}
json_list <- function(items, indent = "    ") {
  paste0("[\n", indent, paste(items, collapse = paste0(",\n", indent)), "\n", substr(indent, 3, nchar(indent)), "]")
}

# ---- Kaplan-Meier ----------------------------------------------------------------------

report_days <- c(91, 182, 365)

km_reference <- function(name, description, time, event) {
  fit <- survfit(Surv(time, event) ~ 1, conf.type = "log-log")
  at <- summary(fit, times = report_days, extend = TRUE)
  summary_rows <- vapply(seq_along(report_days), function(i) {
    json_object(list(
      time = json_number(at$time[i]),
      nRisk = json_number(at$n.risk[i]),
      surv = json_number(at$surv[i]),
      lower = json_number(at$lower[i]),
      upper = json_number(at$upper[i])
    ))
  }, "")
  curve <- json_object(list(
    time = json_array(fit$time),
    nRisk = json_array(fit$n.risk),
    nEvent = json_array(fit$n.event),
    nCensor = json_array(fit$n.censor),
    surv = json_array(fit$surv),
    stdErr = json_array(fit$std.err),
    lower = json_array(fit$lower),
    upper = json_array(fit$upper)
  ))
  json_object(list(
    name = json_string(name),
    description = json_string(description),
    time = json_array(time),
    event = json_array(event),
    median = json_number(unname(summary(fit)$table["median"])),
    summary = json_list(summary_rows, "          "),
    curve = curve
  ))
}

set.seed(20170703)
n_random <- 200
# Days from randomisation to a first job (exponential, median about 300 days) against
# follow-up cut short by the as-of date or a withdrawal; whole days, so many ties.
job_day <- floor(rexp(n_random, rate = log(2) / 300))
censor_day <- ifelse(runif(n_random) < 0.6, 365, floor(runif(n_random, 0, 366)))
random_time <- pmin(job_day, censor_day, 365)
random_event <- as.numeric(job_day <= censor_day & job_day <= 365)

km_sets <- list(
  km_reference("ties_event_censor", "events and censorings tied at the same days, including days 91 and 182",
    c(10, 10, 10, 25, 25, 60, 91, 91, 91, 120, 150, 182, 182, 200, 250, 300, 365, 365),
    c(1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0)),
  km_reference("censoring_at_report_days", "censorings exactly at 91, 182 and 365 and an event at 365",
    c(5, 30, 91, 91, 100, 182, 182, 190, 365, 365, 365),
    c(1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0)),
  km_reference("day_zero", "events and censorings on the day of randomisation",
    c(0, 0, 0, 5, 91, 365),
    c(1, 0, 1, 0, 1, 0)),
  km_reference("all_events", "everyone has the event; S reaches 0 before day 365",
    c(3, 40, 91, 150, 182, 300),
    c(1, 1, 1, 1, 1, 1)),
  km_reference("no_events", "no one has the event; S stays 1",
    c(12, 91, 200, 365, 365),
    c(0, 0, 0, 0, 0)),
  km_reference("single_event", "one subject, with the event", 50, 1),
  km_reference("single_censored", "one subject, censored", 120, 0),
  km_reference("median_plateau_all_events", "S is exactly 0.5 between days 20 and 30",
    c(10, 20, 30, 40), c(1, 1, 1, 1)),
  km_reference("median_plateau_censored", "S is exactly 0.5 from day 20 until the last event at day 40",
    c(10, 20, 30, 40), c(1, 1, 0, 1)),
  km_reference("random_200", "n = 200 generated in R with set.seed(20170703)", random_time, random_event)
)

# ---- Wilson and Newcombe ---------------------------------------------------------------

wilson <- function(x, n) {
  as.numeric(suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int)
}

wilson_cases <- list(
  c(0, 1), c(1, 1), c(1, 2), c(0, 20), c(1, 29), c(81, 263), c(15, 148), c(56, 70), c(48, 80),
  c(9, 10), c(3, 10), c(6, 7), c(2, 7), c(5, 56), c(0, 29), c(0, 10), c(10, 10), c(29, 29),
  c(50, 100), c(17, 365), c(123, 456), c(200, 200), c(1, 100000), c(99999, 100000)
)
wilson_rows <- vapply(wilson_cases, function(case) {
  ci <- wilson(case[1], case[2])
  json_object(list(x = json_number(case[1]), n = json_number(case[2]),
                   lower = json_number(ci[1]), upper = json_number(ci[2])))
}, "")

newcombe <- function(x1, n1, x2, n2) {
  p1 <- x1 / n1
  p2 <- x2 / n2
  w1 <- wilson(x1, n1)
  w2 <- wilson(x2, n2)
  d <- p1 - p2
  c(d, d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}

newcombe_cases <- list(
  c(56, 70, 48, 80), c(9, 10, 3, 10), c(6, 7, 2, 7), c(5, 56, 0, 29), c(0, 10, 0, 20), c(10, 10, 0, 20),
  c(0, 1, 1, 1), c(1, 1, 0, 1), c(3, 7, 3, 7), c(12, 40, 30, 41), c(0, 5, 5, 5), c(1, 29, 0, 20),
  c(100, 300, 80, 310)
)
newcombe_rows <- vapply(newcombe_cases, function(case) {
  r <- newcombe(case[1], case[2], case[3], case[4])
  json_object(list(x1 = json_number(case[1]), n1 = json_number(case[2]),
                   x2 = json_number(case[3]), n2 = json_number(case[4]),
                   difference = json_number(r[1]), lower = json_number(r[2]), upper = json_number(r[3])))
}, "")

# ---- write -----------------------------------------------------------------------------

out <- paste0(
  "{\n",
  '  "generatedBy": "libs/domain/reference/reference.R",\n',
  '  "R": ', json_string(paste(R.version$major, R.version$minor, sep = ".")), ",\n",
  '  "survival": ', json_string(as.character(packageVersion("survival"))), ",\n",
  '  "z": ', json_number(qnorm(0.975)), ",\n",
  '  "kaplanMeier": ', json_list(km_sets), ",\n",
  '  "wilson": ', json_list(wilson_rows), ",\n",
  '  "newcombe": ', json_list(newcombe_rows), "\n",
  "}\n"
)
path <- file.path(script_dir, "reference-values.json")
writeLines(out, path, sep = "")
cat("wrote", path, "\n")
