# R's answers for the comparisons of DESIGN §6a and the boundaries of §6c.
#
#   Rscript --vanilla test/r/comparisons.R in.json out.json
#
# in.json: {survival: [{name, stratum[], arm[], time[], status[]}],
#           riskDifference: [{name, ai[], n1i[], ci[], n2i[]}],      one entry per stratum
#           boundaries: [{name, alpha, informationRates[]}]}
# out.json: the same lists with R's figures; NA / errors as null. Used live by
# test/r/comparisons.r-spec.ts and once to write libs/domain/reference/comparisons-reference.json.

suppressPackageStartupMessages({
  library(jsonlite)
  library(survival)
  library(metafor)
  library(rpact)
})

args <- commandArgs(trailingOnly = TRUE)
input <- fromJSON(args[1], simplifyVector = TRUE, simplifyDataFrame = FALSE)

# jsonlite writes at most 15 significant digits; R's doubles cross as 17 (%.17g) so
# nothing is lost on the way back. Vectors wrapped in I() stay arrays even of length 1.
to_json <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    items <- vapply(x, to_json, "")
    if (!is.null(names(x))) {
      return(paste0("{", paste0(vapply(names(x), function(n) toJSON(unbox(n)), ""), ":", items, collapse = ","), "}"))
    }
    return(paste0("[", paste(items, collapse = ","), "]"))
  }
  one <- function(v) {
    if (is.na(v)) return("null")
    if (is.logical(v)) return(if (v) "true" else "false")
    if (is.character(v)) return(as.character(toJSON(unbox(v))))
    if (!is.finite(v)) return("null")
    sprintf("%.17g", v)
  }
  values <- vapply(as.vector(x), one, "")
  if (inherits(x, "AsIs") || length(x) != 1) paste0("[", paste(values, collapse = ","), "]") else values
}

or_null <- function(x) if (is.null(x) || length(x) == 0 || any(is.na(x))) NULL else x

survival_answer <- function(d) {
  df <- data.frame(
    stratum = as.character(unlist(d$stratum)),
    arm = factor(unlist(d$arm), levels = c(0, 1)),
    armNumber = as.numeric(unlist(d$arm)),
    time = as.numeric(unlist(d$time)),
    status = as.numeric(unlist(d$status))
  )
  log_rank <- tryCatch({
    s <- survdiff(Surv(time, status) ~ arm + strata(stratum), data = df)
    obs <- if (is.matrix(s$obs)) rowSums(s$obs) else s$obs
    exp <- if (is.matrix(s$exp)) rowSums(s$exp) else s$exp
    list(observed = I(as.numeric(obs)), expected = I(as.numeric(exp)),
         variance = as.numeric(s$var[2, 2]), chisq = s$chisq,
         p = pchisq(s$chisq, 1, lower.tail = FALSE))
  }, error = function(e) list(error = conditionMessage(e)))
  warnings <- character(0)
  cox <- tryCatch(withCallingHandlers({
    fit <- coxph(Surv(time, status) ~ armNumber + strata(stratum), data = df, ties = "efron")
    b <- unname(coef(fit))
    se <- sqrt(unname(fit$var[1, 1]))
    z <- qnorm(0.975)
    list(beta = or_null(b), se = or_null(se), hr = or_null(exp(b)),
         lower = or_null(exp(b - z * se)), upper = or_null(exp(b + z * se)),
         p = or_null(pchisq((b / se)^2, 1, lower.tail = FALSE)), iter = fit$iter)
  }, warning = function(w) {
    warnings <<- c(warnings, conditionMessage(w))
    invokeRestart("muffleWarning")
  }), error = function(e) list(error = conditionMessage(e)))
  cox$warnings <- I(warnings)
  cox$converged <- is.null(cox$error) && !any(grepl("Ran out of iterations", warnings))
  list(name = d$name, logRank = log_rank, cox = cox)
}

risk_difference_answer <- function(d) {
  ai <- unlist(d$ai); n1i <- unlist(d$n1i); ci <- unlist(d$ci); n2i <- unlist(d$n2i)
  both <- n1i > 0 & n2i > 0
  answer <- tryCatch({
    if (!any(both)) stop("no stratum holds both arms")
    fit <- suppressWarnings(rma.mh(ai = ai[both], n1i = n1i[both], ci = ci[both], n2i = n2i[both],
                                   measure = "RD"))
    list(estimate = as.numeric(fit$beta), se = fit$se, lower = fit$ci.lb, upper = fit$ci.ub)
  }, error = function(e) list(error = conditionMessage(e)))
  answer$name <- d$name
  answer
}

boundaries_answer <- function(d) {
  rates <- unlist(d$informationRates)
  looks <- length(rates)
  # DESIGN §6c: informationRates = c(t1, ..., tk, 1), the trailing 1 only when tk < 1
  # (rpact takes the last rate as full information)
  if (rates[looks] < 1) rates <- c(rates, 1)
  design <- getDesignGroupSequential(typeOfDesign = "asOF", sided = 2, alpha = d$alpha,
                                     informationRates = rates)
  list(name = d$name, criticalValues = I(as.numeric(design$criticalValues)[seq_len(looks)]),
       alphaSpent = I(as.numeric(design$alphaSpent)[seq_len(looks)]))
}

output <- list(
  survival = lapply(input$survival, survival_answer),
  riskDifference = lapply(input$riskDifference, risk_difference_answer),
  boundaries = lapply(input$boundaries, boundaries_answer)
)
writeLines(to_json(output), args[2])
