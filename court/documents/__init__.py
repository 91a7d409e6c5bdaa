"""Court documents (法律文书): notices and decisions drafted from the case, edited by the judge, signed under the court's seal."""
