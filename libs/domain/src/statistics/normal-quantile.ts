// The 97.5% point of the standard normal, for two-sided 95% intervals. R's qnorm(0.975)
// prints as 1.9599639845400536, one unit in the last place below this correctly rounded
// value; the difference moves results by about 1e-16, far inside any published precision.
export const Z_95 = 1.959963984540054;
