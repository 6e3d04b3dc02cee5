# Reference values for outcomes-oracle.spec.ts, from R itself (survival::survfit with
# conf.type = "log-log"; prop.test(correct = FALSE); Newcombe method 10 built on it).
# Regenerate: Rscript test/oracle/r-reference.R > test/oracle/r-reference.json
suppressMessages(library(survival))
set.seed(20240611)
num <- function(x) ifelse(is.na(x) | is.infinite(x), "null", sprintf("%.17g", x))
arr <- function(x) paste0("[", paste(num(x), collapse = ","), "]")

km <- character(0)
for (i in 1:10) {
  n <- sample(c(3, 8, 25, 60, 150, 400), 1)
  # coarse grid of days so that times tie often; some censored at 0, some at 365
  time <- pmin(365, sample(0:73, n, replace = TRUE) * 5 + sample(c(0, 0, 0, 1), n, replace = TRUE))
  event <- rbinom(n, 1, runif(1, 0.1, 0.8))
  f <- survfit(Surv(time, event) ~ 1, conf.type = "log-log")
  at <- character(0)
  for (d in c(91, 182, 365)) {
    s <- summary(f, times = d, extend = TRUE)
    at <- c(at, sprintf('{"day":%d,"atRisk":%d,"surv":%s,"lower":%s,"upper":%s}', d, as.integer(s$n.risk), num(s$surv), num(s$lower), num(s$upper)))
  }
  km <- c(km, sprintf('{"time":%s,"event":%s,"at":[%s],"curve":{"time":%s,"surv":%s,"nRisk":%s,"nEvent":%s,"stdErr":%s}}',
    arr(time), arr(event), paste(at, collapse = ","), arr(f$time), arr(f$surv), arr(f$n.risk), arr(f$n.event), arr(f$std.err)))
}

w <- function(x, n) suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int
props <- character(0)
for (i in 1:40) {
  n1 <- sample(1:400, 1); x1 <- sample(0:n1, 1)
  n2 <- sample(1:400, 1); x2 <- sample(0:n2, 1)
  if (i == 1) { x1 <- 0 }
  if (i == 2) { x2 <- n2 }
  if (i == 3) { n1 <- 1; x1 <- 1; n2 <- 1; x2 <- 0 }
  a <- w(x1, n1); b <- w(x2, n2); p1 <- x1 / n1; p2 <- x2 / n2; d <- p1 - p2
  props <- c(props, sprintf('{"x1":%d,"n1":%d,"x2":%d,"n2":%d,"wilson1":%s,"wilson2":%s,"newcombe":%s}',
    x1, n1, x2, n2, arr(a), arr(b),
    arr(c(d, d - sqrt((p1 - a[1])^2 + (b[2] - p2)^2), d + sqrt((a[2] - p1)^2 + (p2 - b[1])^2)))))
}
cat(sprintf('{"generatedBy":"%s, survival %s","km":[%s],"proportions":[%s]}\n', R.version.string, packageVersion("survival"),
  paste(km, collapse = ","), paste(props, collapse = ",")))
