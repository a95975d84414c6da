"""Test stand-in for scikit-learn: the course-2 notebooks import sklearn and
sklearn.datasets but, on fastdnn, call nothing from them (the circles and
moons are drawn by fastdnn.datasets). Any use would fail here."""
