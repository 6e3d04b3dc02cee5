# DESIGN §6d, done-when of issue 13: load an unpacked analysis export with its own load.R
# and compute, with survival::survfit, what the outcomes API reports — the cumulative
# incidence of a first job at the given days with log-log limits, and the 12-month
# job-start and worked-13-weeks counts — overall and by arm.
# Input: {"dir": unpacked export, "times": [91, 182, 365]}. Output: JSON, numbers at 17 digits.
suppressMessages({
  library(jsonlite)
  library(survival)
})
args <- commandArgs(TRUE)
input <- fromJSON(args[1])
setwd(input$dir)
source("load.R")

proportion <- function(x) list(numerator = sum(x == 1, na.rm = TRUE), denominator = sum(!is.na(x)))

figures <- function(d) {
  out <- list(
    n = nrow(d),
    jobStart12m = proportion(d$jobStart12m),
    worked13wIn12m = proportion(d$worked13wIn12m)
  )
  if (nrow(d) > 0) {
    f <- survfit(Surv(firstJobDays, firstJobEvent) ~ 1, data = d, conf.type = "log-log")
    s <- summary(f, times = input$times, extend = TRUE)
    out$events <- sum(d$firstJobEvent)
    out$at <- lapply(seq_along(input$times), function(i) {
      list(day = input$times[i], atRisk = s$n.risk[i], surv = s$surv[i], lower = s$lower[i], upper = s$upper[i])
    })
  }
  out
}

randomised <- participants[!is.na(participants$randomised) & participants$randomised == 1, ]
first_jobs <- merge(jobs[!is.na(jobs$firstJob) & jobs$firstJob == 1, c("pid", "startedOn")],
                    randomised[, c("pid", "randomisedOn", "firstJobDays", "firstJobEvent")], by = "pid")
out <- list(
  participants = nrow(participants),
  jobs = nrow(jobs),
  measurements = nrow(measurements),
  columns = list(participants = names(participants), jobs = names(jobs), measurements = names(measurements)),
  classes = list(
    randomisedOn = class(participants$randomisedOn),
    arm = class(participants$arm),
    armLevels = levels(participants$arm),
    startedOn = class(jobs$startedOn),
    firstJobDays = class(participants$firstJobDays),
    instrument = class(measurements$instrument),
    armLabel = attr(participants$arm, "label")
  ),
  # the first job's start minus randomisation, on the dates as exported (shifted or not)
  firstJobIntervalsAgree = all(as.numeric(first_jobs$startedOn - first_jobs$randomisedOn) == first_jobs$firstJobDays),
  firstJobRows = nrow(first_jobs),
  firstJobEvents = sum(randomised$firstJobEvent == 1),
  randomisedOn = as.character(sort(randomised$randomisedOn)),
  all = figures(randomised),
  ips = figures(randomised[!is.na(randomised$arm) & randomised$arm == "IPS", ]),
  usualCare = figures(randomised[!is.na(randomised$arm) & randomised$arm == "Usual care", ])
)
write_json(out, args[2], digits = NA, auto_unbox = TRUE, na = "null", null = "null")
