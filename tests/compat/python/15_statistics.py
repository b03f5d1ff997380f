# statistics.
import statistics as st

data = [2, 4, 4, 4, 5, 5, 7, 9]
print(st.mean(data), st.median(data), st.mode(data), st.multimode([1, 1, 2, 2, 3]))
print(st.pstdev(data), st.stdev(data), st.pvariance(data), st.variance(data))
print(st.median_low([1, 3, 5, 7]), st.median_high([1, 3, 5, 7]), st.median_grouped([1, 2, 2, 3, 4]))
print(st.fmean([1.5, 2.5, 3.5]), st.geometric_mean([1, 10, 100]), st.harmonic_mean([40, 60]))
print(st.quantiles(range(1, 101), n=4), st.quantiles([1, 2, 3, 4, 5], n=10, method="inclusive"))
x = [1, 2, 3, 4, 5]
y = [2, 4, 5, 4, 5]
print(st.correlation(x, y), st.covariance(x, y), tuple(st.linear_regression(x, y)))
nd = st.NormalDist(mu=100, sigma=15)
print(round(nd.cdf(130), 10), round(nd.inv_cdf(0.975), 8), nd.mean, nd.stdev)
print(round(nd.pdf(100), 12), round(st.NormalDist(0, 1).overlap(st.NormalDist(1, 1)), 12))
from fractions import Fraction
from decimal import Decimal
print(st.mean([Fraction(1, 2), Fraction(1, 3)]), st.mean([Decimal("1.1"), Decimal("2.2")]))
try:
    st.mean([])
except st.StatisticsError as e:
    print("StatisticsError:", e)
