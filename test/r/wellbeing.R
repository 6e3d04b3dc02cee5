# DESIGN §6b against R: for each dataset of (site, arm, baseline, followUp) pairs,
#   - the change (followUp − baseline): n, mean and t.test's 95% interval;
#   - lm(followUp ~ arm + baseline + factor(site)) (without the site term for one site):
#     the arm coefficient, confint, p, residual df and RSS, and whether R aliased a column.
# Usage: Rscript --vanilla wellbeing.R in.json out.json
suppressPackageStartupMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
datasets <- fromJSON(args[1], simplifyVector = FALSE)

num_or_null <- function(x) if (is.null(x) || is.na(x)) NULL else unname(x)

answer <- lapply(datasets, function(ds) {
  pairs <- ds$pairs
  n <- length(pairs)
  site <- vapply(pairs, function(p) p$site, "")
  arm <- vapply(pairs, function(p) if (p$arm == "ips") 1 else 0, 0)
  baseline <- vapply(pairs, function(p) p$baseline, 0)
  followUp <- vapply(pairs, function(p) p$followUp, 0)
  d <- followUp - baseline

  change <- list(n = n, mean = NULL, lower = NULL, upper = NULL)
  if (n > 0) change$mean <- mean(d)
  if (n >= 2) {
    if (sd(d) > 0) {
      ci <- t.test(d)$conf.int
      change$lower <- ci[1]
      change$upper <- ci[2]
    } else {
      # t.test stops on constant data; the interval is the point itself
      change$lower <- mean(d)
      change$upper <- mean(d)
    }
  }

  nIps <- sum(arm == 1)
  nUsualCare <- sum(arm == 0)
  model <- list(fitted = FALSE)
  if (nIps >= 2 && nUsualCare >= 2) {
    fit <- if (length(unique(site)) > 1) lm(followUp ~ arm + baseline + factor(site)) else lm(followUp ~ arm + baseline)
    aliased <- any(is.na(coef(fit)))
    model <- list(fitted = TRUE, aliased = aliased, df = fit$df.residual,
                  rss = sum(residuals(fit)^2), yy = sum(followUp^2))
    if (!aliased && fit$df.residual > 0) {
      co <- summary(fit)$coefficients
      ci <- confint(fit)["arm", ]
      model$estimate <- unname(co["arm", "Estimate"])
      model$lower <- unname(ci[1])
      model$upper <- unname(ci[2])
      model$p <- unname(co["arm", "Pr(>|t|)"])
    }
  }
  list(label = ds$label, n = n, nIps = nIps, nUsualCare = nUsualCare, change = change, model = model)
})
write_json(answer, args[2], auto_unbox = TRUE, digits = NA, null = "null")
